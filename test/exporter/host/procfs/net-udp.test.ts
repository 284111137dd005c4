import { describe, expect, test } from "bun:test";
import { parseUdpSummary } from "../../../../src/exporter/host/procfs/net-udp.ts";

const HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n";
const V4 = (q: string) => `  0: 00000000:0044 00000000:0000 07 ${q} 00:00000000 00000000     0        0 11111 2 0000000000000000 0\n`;
const V6 = "  1: 00000000000000000000000000000000:0222 00000000000000000000000000000000:0000 07 00000001:00000002 00:00000000 00000000  1000        0 22222 2 0000000000000000 5\n";

describe("parseUdpSummary", () => {
  const rows: [string, string, { txQueue: number; rxQueue: number; sockets: number }][] = [
    ["sums hex queues", HEADER + V4("00000010:00000001") + V4("00000001:000000ff"), { txQueue: 17, rxQueue: 256, sockets: 2 }],
    ["IPv6 line", HEADER + V6, { txQueue: 1, rxQueue: 2, sockets: 1 }],
    ["header only", HEADER, { txQueue: 0, rxQueue: 0, sockets: 0 }],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parseUdpSummary(text)).toEqual(want);
  });

  const bad: [string, string, string][] = [
    ["short line", `${HEADER}  0: 00000000:0044\n`, "line 2: want at least 13 columns"],
    ["queue without colon", HEADER + V4("0000001000000001"), "cannot parse tx/rx queues"],
    ["bad address length", `${HEADER}  0: 000000:0044 00000000:0000 07 0:0 00:00000000 00000000 0 0 1 2 0 0\n`, "unable to parse local_address"],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseUdpSummary(text)).toThrow(message);
  });
});
