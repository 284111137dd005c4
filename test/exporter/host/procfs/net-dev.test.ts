import { describe, expect, test } from "bun:test";
import { parseNetDev } from "../../../../src/exporter/host/procfs/net-dev.ts";

const HEADER = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
`;

describe("parseNetDev", () => {
  const rows: [string, string, { name: string; rxBytes: number; txCompressed: number; rxMulticast: number }[]][] = [
    ["loopback", `${HEADER}    lo:    3245      30    0    0    0     0          0         0     3245      30    0    0    0     0       0          7\n`, [{ name: "lo", rxBytes: 3245, txCompressed: 7, rxMulticast: 0 }]],
    ["name glued to counter", `${HEADER}eth0:1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n`, [{ name: "eth0", rxBytes: 1, txCompressed: 16, rxMulticast: 8 }]],
    ["colon in name (alias)", `${HEADER}  eth0:1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n`, [{ name: "eth0:1", rxBytes: 1, txCompressed: 16, rxMulticast: 8 }]],
    ["headers only", HEADER, []],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parseNetDev(text)).toMatchObject(want);
  });

  const bad: [string, string, string][] = [
    ["no colon", `${HEADER}eth0 1 2 3\n`, "line 3: missing colon"],
    ["too few counters", `${HEADER}eth0: 1 2 3\n`, "want 16 counters, got 3"],
    ["not a number", `${HEADER}eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x\n`, 'txCompressed is not a number: "x"'],
    ["empty name", `${HEADER}  : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n`, "empty interface name"],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseNetDev(text)).toThrow(message);
  });
});
