import { describe, expect, test } from "bun:test";
import { parseFileNr } from "../../../../src/exporter/host/procfs/file-nr.ts";

describe("parseFileNr", () => {
  const ok: [string, string, { allocated: number; maximum: number }][] = [
    ["typical", "1024\t0\t1631329\n", { allocated: 1024, maximum: 1631329 }],
    ["huge maximum", "5\t0\t9223372036854775807\n", { allocated: 5, maximum: 9223372036854775807 }],
  ];
  test.each(ok)("%s", (_name, text, want) => {
    expect(parseFileNr(text)).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["spaces, not tabs", "1 0 2\n", "want 3 tab-separated values, got 1"],
    ["not a number", "x\t0\t2\n", "invalid value x in file-nr"],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseFileNr(text)).toThrow(message);
  });
});
