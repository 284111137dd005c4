import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BadPatternError, globComponentRegExp, goGlob } from "../../src/go/glob.ts";

describe("globComponentRegExp (filepath.Match)", () => {
  const rows: [string, string, boolean][] = [
    ["*.prom", "a.prom", true],
    ["*.prom", "a.prom.tmp", false],
    ["?b", "ab", true],
    ["?b", "abb", false],
    ["[a-c]x", "bx", true],
    ["[^a-c]x", "bx", false],
    ["[^a-c]x", "dx", true],
    ["\\*", "*", true],
    ["\\*", "a", false],
    ["a.b", "axb", false],
    ["*_extra_dimension", "summary_extra_dimension", true],
  ];
  test.each(rows)("%p matches %p: %p", (pattern, name, want) => {
    expect(globComponentRegExp(pattern).test(name)).toBe(want);
  });
  test.each([["[a"], ["[]a]"], ["[a-]"], ["\\"], ["[z-a]"]])("bad pattern %p", (pattern) => {
    expect(() => globComponentRegExp(pattern)).toThrow(BadPatternError);
  });
});

describe("goGlob", () => {
  const root = mkdtempSync(join(tmpdir(), "mon-glob-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  for (const d of ["a_extra", "b_extra", "c_other"]) mkdirSync(join(root, d));
  writeFileSync(join(root, "a_extra", "m.prom"), "");
  const rows: [string, string[]][] = [
    ["*_extra", ["a_extra", "b_extra"]],
    ["*_extra/*.prom", ["a_extra/m.prom"]],
    ["c_other", ["c_other"]],
    ["missing", []],
    ["none*", []],
  ];
  test.each(rows)("%p", (pattern, want) => {
    expect(goGlob(join(root, pattern))).toEqual(want.map((p) => join(root, p)));
  });
});
