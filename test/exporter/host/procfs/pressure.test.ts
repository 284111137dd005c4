import { describe, expect, test } from "bun:test";
import { type PsiStats, parsePsi } from "../../../../src/exporter/host/procfs/pressure.ts";

describe("parsePsi", () => {
  const ok: [string, string, PsiStats][] = [
    [
      "some and full",
      "some avg10=0.12 avg60=1.00 avg300=2.50 total=100\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=7\n",
      { some: { avg10: 0.12, avg60: 1, avg300: 2.5, total: 100 }, full: { avg10: 0, avg60: 0, avg300: 0, total: 7 } },
    ],
    ["some only (old cpu file)", "some avg10=0 avg60=0 avg300=0 total=5\n", { some: { avg10: 0, avg60: 0, avg300: 0, total: 5 } }],
    ["unknown lines ignored", "other x\n", {}],
  ];
  test.each(ok)("%s", (_name, text, want) => {
    expect(parsePsi(text)).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["missing total", "some avg10=0 avg60=0 avg300=0\n", 'line 1: cannot parse "some avg10=0'],
    ["bad average", "full avg10=x avg60=0 avg300=0 total=1\n", "line 1: cannot parse"],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parsePsi(text)).toThrow(message);
  });
});
