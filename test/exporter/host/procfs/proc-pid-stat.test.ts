import { describe, expect, test } from "bun:test";
import { parsePidStat } from "../../../../src/exporter/host/procfs/proc-pid-stat.ts";

const tail = "1 1 0 0 -1 4194560 100 0 0 0 10 20 0 0 20 0 7 0 12 1000 50 18446744073709551615";

describe("parsePidStat", () => {
  const rows: [string, string, { state: string; numThreads: number }][] = [
    ["plain comm", `1 (systemd) S ${tail}\n`, { state: "S", numThreads: 7 }],
    ["comm with spaces and parentheses", `42 (my (odd) proc) R ${tail}\n`, { state: "R", numThreads: 7 }],
    ["idle kernel thread", `10 (kworker/0:1) I ${tail}`, { state: "I", numThreads: 7 }],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parsePidStat(text)).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["no comm", "1 systemd S 1 1", "couldn't extract comm"],
    ["truncated", "1 (x) S 1 1 0\n", "want at least 18 fields"],
    ["non-numeric field", `1 (x) S x ${tail}`, 'field 4 is not an integer: "x"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parsePidStat(text)).toThrow(message);
  });
});
