import { describe, expect, test } from "bun:test";
import { parseNetStatCaches } from "../../../../src/exporter/host/procfs/net-stat-caches.ts";

describe("parseNetStatCaches", () => {
  const rows: [string, string, Record<string, number[]>][] = [
    ["two CPUs, hex", "entries  allocs\n0000000a 00000001\n0000000a 000000ff\n", { entries: [10, 10], allocs: [1, 255] }],
    ["header only", "entries allocs\n", {}],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(Object.fromEntries(parseNetStatCaches(text))).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["more values than headers", "entries\n1 2\n", "line 2: more values (2) than headers (1)"],
    ["not hex", "entries\nzz\n", 'entries is not a hex number: "zz"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseNetStatCaches(text)).toThrow(message);
  });
});
