import { describe, expect, test } from "bun:test";
import { parseLoadavg } from "../../../../src/exporter/host/procfs/loadavg.ts";

describe("parseLoadavg", () => {
  const ok: [string, string, { load1: number; load5: number; load15: number }][] = [
    ["typical", "0.02 0.04 0.05 1/497 12345\n", { load1: 0.02, load5: 0.04, load15: 0.05 }],
    ["busy host", "12.50 8.00 4.25 9/1200 77\n", { load1: 12.5, load5: 8, load15: 4.25 }],
    ["no trailing newline", "1 2 3 1/1 1", { load1: 1, load5: 2, load15: 3 }],
  ];
  test.each(ok)("%s", (_name, text, want) => {
    expect(parseLoadavg(text)).toEqual(want);
  });

  const bad: [string, string, string][] = [
    ["empty", "", "want at least 3 fields"],
    ["two fields", "0.1 0.2\n", "want at least 3 fields"],
    ["not a number", "0.1 x 0.3 1/2 3\n", 'field 2 is not a number: "x"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseLoadavg(text)).toThrow(message);
  });
});
