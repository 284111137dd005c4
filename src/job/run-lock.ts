// --lock FILE: at most one run at a time. flock(2) rather than a PID file: the
// kernel drops the lock when the holder dies, so a crashed run never leaves a
// stale lock behind. Bun has no flock, hence the one libc call through bun:ffi.

import { closeSync, openSync } from "node:fs";
import { FFIType, dlopen } from "bun:ffi";

const LOCK_EX = 2;
const LOCK_NB = 4;

let flockFn: ((fd: number, op: number) => number) | undefined;

function flock(fd: number, op: number): number {
  flockFn ??= dlopen("libc.so.6", { flock: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 } }).symbols.flock;
  return flockFn(fd, op);
}

export interface HeldLock {
  release(): void;
}

/**
 * Takes the lock without waiting. Returns undefined when another process
 * holds it; throws when the file cannot be opened.
 */
export function tryLock(path: string): HeldLock | undefined {
  let fd: number;
  try {
    fd = openSync(path, "a", 0o644);
  } catch (err) {
    throw new Error(`lock file ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (flock(fd, LOCK_EX | LOCK_NB) !== 0) {
    closeSync(fd);
    return undefined;
  }
  return { release: () => closeSync(fd) };
}
