// Thin, synchronous reads of /proc and /sys. These files are tiny and
// in-memory, so a synchronous read is cheaper than a promise round trip; the
// one thing that can hang (statfs on a dead mount) does not go through here.

import { readFileSync, readdirSync, readlinkSync, statSync } from "node:fs";

export function readText(path: string): string {
  return readFileSync(path, "latin1");
}

/** The file's content, or undefined when it does not exist or cannot be read. */
export function readTextIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return undefined;
  }
}

/** A sysfs attribute: the file's content without the trailing newline. */
export function readSysfsValue(path: string): string {
  return readFileSync(path, "latin1").trim();
}

export function readSysfsValueIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "latin1").trim();
  } catch {
    return undefined;
  }
}

/** Directory entries sorted by name (Go's os.ReadDir sorts). */
export function listDir(path: string): string[] {
  return readdirSync(path).sort();
}

export function listDirIfExists(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}

export function readLink(path: string): string {
  return readlinkSync(path);
}

export function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === "ENOENT";
}

// The reader error contract, shared by the procfs and sysfs readers:
// - a read error is thrown untouched, so a caller can still test its errno
//   code (ENOENT: module not loaded, ESRCH: process gone, ...);
// - a parse error is rethrown as new Error(`${file}: ${message}`, { cause }),
//   so the log names the file while the parser's own message (line, field)
//   and the original error stay intact.

/** parse(text) for text read from file, with a parse error named after file (see above). */
export function parseFileText<T>(file: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads file as readText does and parses it; read errors untouched, parse errors named after file. */
export function readParsed<T>(file: string, parse: (text: string) => T): T {
  return parseFileText(file, readText(file), parse);
}

/**
 * As readParsed, but undefined when the file does not exist. Only ENOENT
 * means "absent": any other read error (EACCES, EIO...) is still thrown.
 */
export function readParsedIfExists<T>(file: string, parse: (text: string) => T): T | undefined {
  let text: string;
  try {
    text = readText(file);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  return parseFileText(file, text, parse);
}
