import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFileText, readParsed, readParsedIfExists } from "../../../src/exporter/host/host-fs.ts";

const dir = mkdtempSync(join(tmpdir(), "mon-host-fs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = join(dir, "good");
writeFileSync(good, "42\n");
const bad = join(dir, "bad");
writeFileSync(bad, "x\n");
const missing = join(dir, "missing");
// Reading a directory fails with EISDIR: a read error that is not "absent".
const unreadable = join(dir, "a-directory");
mkdirSync(unreadable);

function parseNumber(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new Error(`line 1: not a number: "${t}"`);
  return Number(t);
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("did not throw");
}

describe("readParsed / readParsedIfExists", () => {
  const readers = [
    ["readParsed", readParsed],
    ["readParsedIfExists", readParsedIfExists],
  ] as const;

  for (const [name, read] of readers) {
    test(`${name}: parses the file's text`, () => {
      expect(read(good, parseNumber)).toBe(42);
    });

    test(`${name}: a parse error names the file and keeps the parser's message and the cause`, () => {
      const err = thrown(() => read(bad, parseNumber));
      expect(err.message).toBe(`${bad}: line 1: not a number: "x"`);
      expect((err.cause as Error).message).toBe('line 1: not a number: "x"');
    });

    test(`${name}: a read error other than ENOENT is thrown untouched`, () => {
      const err = thrown(() => read(unreadable, parseNumber)) as NodeJS.ErrnoException;
      expect(err.code).toBe("EISDIR");
      expect(err.cause).toBeUndefined();
    });
  }

  test("readParsed: a missing file is thrown untouched, so callers can test ENOENT", () => {
    const err = thrown(() => readParsed(missing, parseNumber)) as NodeJS.ErrnoException;
    expect(err.code).toBe("ENOENT");
  });

  test("readParsedIfExists: a missing file is undefined, and parse is not called", () => {
    let called = false;
    const value = readParsedIfExists(missing, (t) => {
      called = true;
      return t;
    });
    expect(value).toBeUndefined();
    expect(called).toBe(false);
  });
});

describe("parseFileText", () => {
  test("returns what parse returns", () => {
    expect(parseFileText("/proc/x", "7", parseNumber)).toBe(7);
  });

  test("renames a parse error after the file", () => {
    const err = thrown(() => parseFileText("/proc/x", "y", parseNumber));
    expect(err.message).toBe('/proc/x: line 1: not a number: "y"');
    expect(err.cause).toBeInstanceOf(Error);
  });
});
