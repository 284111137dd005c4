import { describe, expect, test } from "bun:test";
import { parseNetStats, parseSnmp6 } from "../../../../src/exporter/host/procfs/net-snmp.ts";

const flat = (m: Map<string, Map<string, string>>) => Object.fromEntries([...m].map(([k, v]) => [k, Object.fromEntries(v)]));

describe("parseNetStats", () => {
  const rows: [string, string, Record<string, Record<string, string>>][] = [
    ["one protocol", "Tcp: RtoMin MaxConn\nTcp: 200 -1\n", { Tcp: { RtoMin: "200", MaxConn: "-1" } }],
    [
      "two protocols",
      "TcpExt: SyncookiesSent ListenDrops\nTcpExt: 0 3\nIpExt: InOctets\nIpExt: 123\n",
      { TcpExt: { SyncookiesSent: "0", ListenDrops: "3" }, IpExt: { InOctets: "123" } },
    ],
    ["empty file", "", {}],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(flat(parseNetStats(text))).toEqual(want);
  });

  const bad: [string, string, string][] = [
    ["fewer values than names", "Udp: InDatagrams NoPorts\nUdp: 1\n", "line 2: field count mismatch for Udp"],
    ["names without values", "Udp: InDatagrams\n", "field count mismatch"],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseNetStats(text)).toThrow(message);
  });
});

describe("parseSnmp6", () => {
  const rows: [string, string, Record<string, Record<string, string>>][] = [
    [
      "splits at the first 6",
      "Ip6InReceives                   \t12\nIcmp6InMsgs 3\nUdpLite6InErrors 0\n",
      { Ip6: { InReceives: "12" }, Icmp6: { InMsgs: "3" }, UdpLite6: { InErrors: "0" } },
    ],
    ["skips lines without a 6 or a value", "Ip6InReceives 1\nFoo 2\nIcmp6OutMsgs\n\n", { Ip6: { InReceives: "1" } }],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(flat(parseSnmp6(text))).toEqual(want);
  });
});
