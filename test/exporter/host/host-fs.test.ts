import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  SysfsDirectory,
  errnoCode,
  exists,
  isDirectory,
  listDir,
  listDirIfExists,
  parseFileText,
  readParsed,
  readParsedIfExists,
  readTextIfExists,
  sysReadFile,
  sysReadFileIfExists,
  sysReadRaw,
} from "../../../src/exporter/host/host-fs.ts";

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

describe("the error policy: absent means ENOENT, anything else is reported", () => {
  const notADirectory = join(good, "below-a-file");
  const absentOk: [string, () => unknown, unknown][] = [
    ["readTextIfExists", () => readTextIfExists(missing), undefined],
    ["sysReadFileIfExists", () => sysReadFileIfExists(missing), undefined],
    ["listDirIfExists", () => listDirIfExists(missing), []],
    ["exists", () => exists(missing), false],
    ["isDirectory", () => isDirectory(missing), false],
  ];
  test.each(absentOk)("%s: a missing path is absent", (_name, read, want) => {
    expect(read()).toEqual(want as never);
  });

  const reported: [string, () => unknown, string][] = [
    ["readTextIfExists on a directory", () => readTextIfExists(unreadable), "EISDIR"],
    ["sysReadFileIfExists on a directory", () => sysReadFileIfExists(unreadable), "EISDIR"],
    ["listDirIfExists on a file", () => listDirIfExists(good), "ENOTDIR"],
    ["exists below a file", () => exists(notADirectory), "ENOTDIR"],
    ["isDirectory below a file", () => isDirectory(notADirectory), "ENOTDIR"],
  ];
  test.each(reported)("%s throws the errno error", (_name, read, code) => {
    expect(errnoCode(thrown(read))).toBe(code);
  });

  test("present paths read as they are", () => {
    expect(readTextIfExists(good)).toBe("42\n");
    expect(sysReadFileIfExists(good)).toBe("42");
    expect(exists(good)).toBe(true);
    expect(isDirectory(dir)).toBe(true);
    expect(listDirIfExists(dir)).toEqual(listDir(dir));
  });

  test("sysReadFile reads once, at most 128 bytes, and trims as Go does", () => {
    const long = join(dir, "long");
    writeFileSync(long, ` ${"x".repeat(200)}\n`);
    expect(sysReadFile(long)).toBe("x".repeat(127));
    expect(sysReadRaw(long).length).toBe(128);
  });
});

describe("SysfsDirectory reads as sysReadFile does", () => {
  const sub = join(dir, "sysfs-dir");
  mkdirSync(sub);
  writeFileSync(join(sub, "mtu"), "1500\n");
  writeFileSync(join(sub, "long"), ` ${"y".repeat(200)}\n`);
  writeFileSync(join(sub, "utf8"), " é\t\n");
  mkdirSync(join(sub, "statistics"));

  function outcome(fn: () => string): { value?: string; code?: string } {
    try {
      return { value: fn() };
    } catch (err) {
      return { code: errnoCode(err) };
    }
  }

  // Values, and for failures the errno code the callers' policy sees.
  test.each([["mtu"], ["long"], ["utf8"], ["missing"], ["statistics"]])("%p", (name) => {
    const d = new SysfsDirectory(sub);
    try {
      expect(outcome(() => d.readFile(name))).toEqual(outcome(() => sysReadFile(join(sub, name))));
    } finally {
      d.close();
    }
  });

  // Its own errors (openat and read through libc) say what node:fs's say,
  // with the file's path also for a failed read.
  test.each([
    ["missing", "ENOENT", "open"],
    ["statistics", "EISDIR", "read"],
  ])("%p fails with %p from %p, naming the file", (name, code, syscall) => {
    const d = new SysfsDirectory(sub);
    try {
      d.readFile(name);
      throw new Error("no error");
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      expect({ code: e.code, syscall: e.syscall, path: e.path }).toEqual({ code, syscall, path: join(sub, name) });
      expect(e.errno).toBeLessThan(0);
      expect(e.message).toStartWith(`${code}: `);
      expect(e.message).toEndWith(`, ${syscall} '${join(sub, name)}'`);
    } finally {
      d.close();
    }
  });

  test("a directory that cannot be opened: each read fails as sysReadFile's", () => {
    const gone = join(dir, "no-such-dir");
    const d = new SysfsDirectory(gone);
    expect(outcome(() => d.readFile("mtu"))).toEqual(outcome(() => sysReadFile(join(gone, "mtu"))));
    expect(outcome(() => d.readFile("mtu")).code).toBe("ENOENT");
    d.close();
  });

  test("a driver's read error (EINVAL from a down link's speed) where this host has one", () => {
    const speed = "/sys/class/net/lo/speed";
    const direct = outcome(() => sysReadFile(speed));
    const d = new SysfsDirectory("/sys/class/net/lo");
    try {
      expect(outcome(() => d.readFile("speed"))).toEqual(direct);
    } finally {
      d.close();
    }
  });
});
