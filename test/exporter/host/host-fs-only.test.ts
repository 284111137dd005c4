// The rule of src/exporter/host/host-fs.ts, made checkable: collectors and
// host readers reach the host's files only through that one layer, with its
// one error policy.

import { describe, expect, test } from "bun:test";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dir, "../../..");
const GUARDED = ["src/exporter/collectors", "src/exporter/host"];
const LAYER = "src/exporter/host/host-fs.ts";
const FS_IMPORT = /\bfrom\s+["'](?:node:)?fs(?:\/promises)?["']|\brequire\(\s*["'](?:node:)?fs(?:\/promises)?["']\s*\)|\bimport\(\s*["'](?:node:)?fs/;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("one file-access layer", () => {
  test("no file under collectors/ or host/ but host-fs.ts imports node:fs", () => {
    const files = GUARDED.flatMap(sources);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((f) => relative(ROOT, join(ROOT, f)) !== LAYER && FS_IMPORT.test(readFileSync(join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  test("the check sees the import forms it refuses", () => {
    for (const line of ['import { readFileSync } from "node:fs";', "import { open } from 'node:fs/promises';", 'import * as fs from "fs";', 'const fs = require("fs");']) {
      expect(FS_IMPORT.test(line)).toBe(true);
    }
    expect(FS_IMPORT.test('import { readText } from "../host-fs.ts";')).toBe(false);
  });
});
