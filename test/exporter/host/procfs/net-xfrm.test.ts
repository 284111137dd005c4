import { describe, expect, test } from "bun:test";
import { parseXfrmStat } from "../../../../src/exporter/host/procfs/net-xfrm.ts";

describe("parseXfrmStat", () => {
  const rows: [string, string, Record<string, number>][] = [
    ["counters", "XfrmInError             \t1\nXfrmAcquireError 24\n", { XfrmInError: 1, XfrmAcquireError: 24 }],
    ["empty", "", {}],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(Object.fromEntries(parseXfrmStat(text))).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["three fields", "XfrmInError 1 2\n", "line 1: want"],
    ["not a number", "XfrmInError x\n", 'XfrmInError is not an integer: "x"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseXfrmStat(text)).toThrow(message);
  });
});
