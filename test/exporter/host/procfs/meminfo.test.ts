import { describe, expect, test } from "bun:test";
import { meminfoKey, parseMeminfo } from "../../../../src/exporter/host/procfs/meminfo.ts";

describe("meminfoKey", () => {
  const rows: [string, string][] = [
    ["MemTotal", "MemTotal"],
    ["Active(anon)", "Active_anon"],
    ["Inactive(file)", "Inactive_file"],
    ["A(b)(c)", "A_b)(c"],
  ];
  test.each(rows)("%s", (raw, want) => {
    expect(meminfoKey(raw)).toBe(want);
  });
});

describe("parseMeminfo", () => {
  const m = parseMeminfo("MemTotal:       1000 kB\nActive(anon):  2 kB\n\nHugePages_Total:   7\nDup: 1\nDup: 2\n");
  const rows: [string, number | undefined][] = [
    ["MemTotal_bytes", 1024000],
    ["Active_anon_bytes", 2048],
    ["HugePages_Total", 7],
    ["Dup", 2],
  ];
  test.each(rows)("%s", (key, want) => {
    expect(m.get(key)).toBe(want);
  });
  test("file order kept", () => {
    expect([...m.keys()]).toEqual(["MemTotal_bytes", "Active_anon_bytes", "HugePages_Total", "Dup"]);
  });
  const bad: [string, string, string][] = [
    ["missing value", "MemTotal:\n", 'line 1: invalid line in meminfo: "MemTotal:"'],
    ["too many fields", "A: 1 kB x\n", "line 1: invalid line in meminfo"],
    ["not a number", "A: 1 kB\nB: many kB\n", 'line 2: invalid value in meminfo: "many"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseMeminfo(text)).toThrow(message);
  });
});
