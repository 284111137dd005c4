// statfs(2) through bun:ffi. On a dead network mount the call blocks in the
// kernel, and it must never block the thread that answers scrapes: the main
// thread calls statfsSync only for local filesystem types (local-fs-types.ts),
// a worker thread (statfs-worker.ts) for everything else.

import { FFIType, dlopen, read } from "bun:ffi";

export interface FsStats {
  /** f_type: the filesystem's magic number. */
  type: number;
  /** f_bsize: the block size that f_blocks, f_bfree and f_bavail count in. */
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}

/** A failed statfs: errno and the text Go's syscall.Errno.Error() gives for it. */
export class StatfsError extends Error {
  constructor(
    readonly errno: number,
    message = goErrnoText(errno),
  ) {
    super(message);
    this.name = "StatfsError";
  }
}

/** Go's (lower-case) texts of the errnos statfs can return on Linux. */
const GO_ERRNO_TEXT: Record<number, string> = {
  1: "operation not permitted",
  2: "no such file or directory",
  4: "interrupted system call",
  5: "input/output error",
  12: "cannot allocate memory",
  13: "permission denied",
  14: "bad address",
  20: "not a directory",
  22: "invalid argument",
  36: "file name too long",
  38: "function not implemented",
  40: "too many levels of symbolic links",
  75: "value too large for defined data type",
  95: "operation not supported",
  107: "transport endpoint is not connected",
  110: "connection timed out",
  112: "host is down",
  113: "no route to host",
  116: "stale NFS file handle",
  121: "remote I/O error",
};

export function goErrnoText(errno: number): string {
  return GO_ERRNO_TEXT[errno] ?? `errno ${errno}`;
}

// struct statfs on LP64 Linux (glibc and musl alike): eleven 8-byte words
// (type, bsize, blocks, bfree, bavail, files, ffree, fsid, namelen, frsize,
// flags) and four spare ones.
const STATFS_WORDS = 15;

let libc: ReturnType<typeof openLibc> | undefined;

function openLibc() {
  const symbols = {
    statfs: { args: [FFIType.cstring, FFIType.ptr], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  } as const;
  let lastErr: unknown;
  for (const name of ["libc.so.6", "libc.so", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"]) {
    try {
      return dlopen(name, symbols);
    } catch (err) {
      lastErr = err;
    }
  }
  throw new Error("statfs: cannot load the C library", { cause: lastErr });
}

const buffer = new BigUint64Array(STATFS_WORDS);

/** Blocks the calling thread until the kernel answers. Throws StatfsError on failure. */
export function statfsSync(path: string): FsStats {
  libc ??= openLibc();
  const rc = libc.symbols.statfs(Buffer.from(`${path}\0`), buffer);
  if (rc !== 0) {
    const where = libc.symbols.__errno_location();
    throw new StatfsError(where === null ? 0 : read.i32(where, 0));
  }
  return {
    type: Number(buffer[0]),
    bsize: Number(buffer[1]),
    blocks: Number(buffer[2]),
    bfree: Number(buffer[3]),
    bavail: Number(buffer[4]),
    files: Number(buffer[5]),
    ffree: Number(buffer[6]),
  };
}
