import { describe, expect, test } from "bun:test";
import { parseVmstat, scanVmstat } from "../../../../src/exporter/host/procfs/vmstat.ts";

describe("parseVmstat", () => {
  const ok: [string, string, { name: string; value: number }[]][] = [
    ["two fields", "nr_free_pages 12\npgfault 3456789\n", [{ name: "nr_free_pages", value: 12 }, { name: "pgfault", value: 3456789 }]],
    ["blank lines skipped", "\npgpgin 1\n\n", [{ name: "pgpgin", value: 1 }]],
    ["extra columns ignored", "oom_kill 2 x\n", [{ name: "oom_kill", value: 2 }]],
    ["tabs and leading white space", "\t a\t 7 \n", [{ name: "a", value: 7 }]],
    ["15 digits read in place", "a 999999999999999\n", [{ name: "a", value: 999999999999999 }]],
    ["16 digits and more through parseGoFloat", "a 1234567890123456789\n", [{ name: "a", value: 1234567890123456789 }]],
    ["leading zeros", "a 007\n", [{ name: "a", value: 7 }]],
    ["signs and exponents through parseGoFloat", "a -3\nb +4\nc 1e3\n", [{ name: "a", value: -3 }, { name: "b", value: 4 }, { name: "c", value: 1000 }]],
    ["no final newline", "a 1", [{ name: "a", value: 1 }]],
  ];
  test.each(ok)("%s", (_name, text, want) => {
    expect(parseVmstat(text)).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["no value", "pgfault\n", 'line 1: no value for "pgfault"'],
    ["not a number", "a 1\npgfault x\n", 'line 2: pgfault: not a number: "x"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseVmstat(text)).toThrow(message);
  });
});

describe("scanVmstat", () => {
  test("visits the fields in order", () => {
    const seen: [string, number][] = [];
    scanVmstat("nr_free_pages 12\npgfault 3\n", (name, value) => seen.push([name, value]));
    expect(seen).toEqual([["nr_free_pages", 12], ["pgfault", 3]]);
  });
});
