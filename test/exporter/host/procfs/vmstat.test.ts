import { describe, expect, test } from "bun:test";
import { parseVmstat } from "../../../../src/exporter/host/procfs/vmstat.ts";

describe("parseVmstat", () => {
  const ok: [string, string, { name: string; value: number }[]][] = [
    ["two fields", "nr_free_pages 12\npgfault 3456789\n", [{ name: "nr_free_pages", value: 12 }, { name: "pgfault", value: 3456789 }]],
    ["blank lines skipped", "\npgpgin 1\n\n", [{ name: "pgpgin", value: 1 }]],
    ["extra columns ignored", "oom_kill 2 x\n", [{ name: "oom_kill", value: 2 }]],
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
