// procfs's util.SysReadFile: one read(2) of at most 128 bytes. Some hwmon
// drivers answer EAGAIN forever, and a buffered read loop would spin on them;
// a single read either gets the value or fails at once.

import { closeSync, openSync, readSync } from "node:fs";

const SYSFS_BUFFER_SIZE = 128;
const buffer = Buffer.alloc(SYSFS_BUFFER_SIZE);
const utf8 = new TextDecoder("utf-8");

/** The first 128 bytes of the file, untrimmed. Throws the errno error. */
export function sysReadRaw(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const n = readSync(fd, buffer, 0, SYSFS_BUFFER_SIZE, null);
    return buffer.slice(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Go's bytes.TrimSpace for ASCII white space. */
export function trimGoSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
}

/** SysReadFile: the attribute decoded as UTF-8, white space trimmed. */
export function sysReadFile(path: string): string {
  return trimGoSpace(utf8.decode(sysReadRaw(path)));
}

/**
 * procfs's canIgnoreError for sysfs attributes: absent, forbidden, or
 * refused by the driver (EINVAL for the speed of a down link, EOPNOTSUPP for
 * phys_port_id) means "no value", not a failure.
 */
export function isIgnorableSysfsError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "EOPNOTSUPP" || code === "EINVAL" || code === "ENOTSUP";
}

export function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

/** Go's errors.Is(err, fs.ErrNotExist) and friends: an errno anywhere in the cause chain. */
export function hasErrnoInChain(err: unknown, ...codes: string[]): boolean {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 16; depth++) {
    const code = errnoCode(e);
    if (code !== undefined && codes.includes(code)) return true;
    e = (e as Error).cause;
  }
  return false;
}
