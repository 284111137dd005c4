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
    ["no final newline", "Tcp: A\nTcp: 1", { Tcp: { A: "1" } }],
    ["empty fields between double spaces", "X: a  b\nX: 1  2\n", { X: { a: "1", "": "", b: "2" } }],
    ["a protocol without fields and without a values line", "Udp:\n", { Udp: {} }],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(flat(parseNetStats(text))).toEqual(want);
  });

  const bad: [string, string, string][] = [
    ["fewer values than names", "Udp: InDatagrams NoPorts\nUdp: 1\n", "line 2: field count mismatch for Udp"],
    ["names without values", "Udp: InDatagrams\n", "line 2: field count mismatch for Udp: 1 names, 0 values"],
    ["more values than names", "Udp: A\nUdp: 1 2 3\n", "line 2: field count mismatch for Udp: 1 names, 3 values"],
    ["a mismatch in the second pair", "Tcp: A\nTcp: 1\nUdp: B C\nUdp: 2\n", "line 4: field count mismatch for Udp: 2 names, 1 values"],
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
    ["a protocol seen again after another", "Ip6A 1\nIcmp6B 2\nIp6C 3", { Ip6: { A: "1", C: "3" }, Icmp6: { B: "2" } }],
    ["leading white space and no final newline", "  Udp6InErrors\t 4 x", { Udp6: { InErrors: "4" } }],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(flat(parseSnmp6(text))).toEqual(want);
  });
});
