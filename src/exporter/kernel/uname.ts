// uname(2) through bun:ffi, and a pure decoder of glibc's struct utsname:
// six NUL-terminated fields of 65 bytes each (sysname, nodename, release,
// version, machine, domainname), 390 bytes.

import { FFIType, dlopen, read } from "bun:ffi";

export const UTSNAME_FIELD_LENGTH = 65;
export const UTSNAME_SIZE = 6 * UTSNAME_FIELD_LENGTH;

export interface Utsname {
  sysname: string;
  nodename: string;
  release: string;
  version: string;
  machine: string;
  domainname: string;
}

const FIELDS: (keyof Utsname)[] = ["sysname", "nodename", "release", "version", "machine", "domainname"];
const utf8 = new TextDecoder("utf-8");

export function decodeUtsname(buf: Uint8Array): Utsname {
  if (buf.byteLength < UTSNAME_SIZE) throw new Error(`struct utsname: want ${UTSNAME_SIZE} bytes, got ${buf.byteLength}`);
  const out = {} as Utsname;
  FIELDS.forEach((name, i) => {
    const field = buf.subarray(i * UTSNAME_FIELD_LENGTH, (i + 1) * UTSNAME_FIELD_LENGTH);
    // Up to the first NUL, like Go's unix.ByteSliceToString.
    const end = field.indexOf(0);
    out[name] = utf8.decode(end === -1 ? field : field.subarray(0, end));
  });
  return out;
}

function bind() {
  return dlopen("libc.so.6", {
    uname: { args: [FFIType.ptr], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  }).symbols;
}

let symbols: ReturnType<typeof bind> | undefined;

/** Throws when libc cannot be loaded or the call fails (errno in the message). */
export function uname(): Utsname {
  try {
    symbols ??= bind();
  } catch (err) {
    throw new Error(`uname: cannot load libc.so.6 through bun:ffi: ${(err as Error).message}`, { cause: err });
  }
  const buf = new Uint8Array(UTSNAME_SIZE);
  if (symbols.uname(buf) !== 0) {
    throw new Error(`uname: failed with errno ${read.i32(symbols.__errno_location()!, 0)}`);
  }
  return decodeUtsname(buf);
}
