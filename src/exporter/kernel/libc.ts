// The few libc calls mon needs that Bun has no API for (netlink sockets, the
// page size, openat for reading a sysfs directory's attributes), bound once
// through bun:ffi on first use.

import { constants as osConstants } from "node:os";
import { dlopen, FFIType, read } from "bun:ffi";

function open() {
  return dlopen("libc.so.6", {
    socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    setsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
    // ssize_t results as i64_fast: a number (no BigInt to allocate) whenever it fits, as a byte count does.
    send: { args: [FFIType.i32, FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i64_fast },
    recv: { args: [FFIType.i32, FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i64_fast },
    close: { args: [FFIType.i32], returns: FFIType.i32 },
    open: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
    openat: { args: [FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
    read: { args: [FFIType.i32, FFIType.ptr, FFIType.u64], returns: FFIType.i64_fast },
    // Variadic in C; the third argument is always a pointer for the requests mon makes.
    ioctl: { args: [FFIType.i32, FFIType.u64, FFIType.ptr], returns: FFIType.i32 },
    getpagesize: { args: [], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
    strerror: { args: [FFIType.i32], returns: FFIType.cstring },
  }).symbols;
}

export type Libc = ReturnType<typeof open>;
let libc: Libc | undefined;

export function libcSymbols(): Libc {
  libc ??= open();
  return libc;
}

export function lastErrno(): number {
  return read.i32(libcSymbols().__errno_location()!, 0);
}

// Node's names, as node:fs errors carry them in `code`. Linux gives ENOTSUP
// and EOPNOTSUPP one number: EOPNOTSUPP, the name the kernel's man pages use
// (perf_event_open); of EAGAIN and EWOULDBLOCK, EAGAIN, the one Node lists first.
const ERRNO_NAMES = new Map<number, string>();
for (const [name, value] of Object.entries(osConstants.errno)) {
  if (!ERRNO_NAMES.has(value) || name === "EOPNOTSUPP") ERRNO_NAMES.set(value, name);
}

/** The name of an errno (EACCES, ENOENT...), or "errno N" for one Node does not name. */
export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? `errno ${errno}`;
}

export function strerror(errno: number): string {
  return String(libcSymbols().strerror(errno));
}

let pageSize: number | undefined;

/** The kernel's page size (Go's os.Getpagesize); 4096 if libc cannot be loaded. */
export function getPageSize(): number {
  if (pageSize === undefined) {
    try {
      pageSize = libcSymbols().getpagesize();
    } catch {
      pageSize = 4096;
    }
  }
  return pageSize;
}
