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
