// adjtimex(2) in read-only mode (modes = 0) through bun:ffi, and a pure
// decoder of the kernel's struct timex. Bun has no API for it.
//
// struct timex on 64-bit Linux (x86_64, aarch64: long = 8 bytes), 208 bytes:
//   0 modes u32 (+4 pad) | 8 offset | 16 freq | 24 maxerror | 32 esterror
//   40 status i32 (+4 pad) | 48 constant | 56 precision | 64 tolerance
//   72 time.tv_sec | 80 time.tv_usec | 88 tick | 96 ppsfreq | 104 jitter
//   112 shift i32 (+4 pad) | 120 stabil | 128 jitcnt | 136 calcnt
//   144 errcnt | 152 stbcnt | 160 tai i32 | 164..208 reserved

import { FFIType, dlopen, read } from "bun:ffi";
import { errnoName } from "./libc.ts";

export const TIMEX_SIZE = 208;

/** The clock state adjtimex returns when the clock is not synchronised. */
export const TIME_ERROR = 5;
/** status bit: offset and jitter are in nanoseconds, not microseconds. */
export const STA_NANO = 0x2000;

export interface Timex {
  modes: number;
  offset: number;
  freq: number;
  maxerror: number;
  esterror: number;
  status: number;
  constant: number;
  precision: number;
  tolerance: number;
  timeSec: number;
  timeUsec: number;
  tick: number;
  ppsfreq: number;
  jitter: number;
  shift: number;
  stabil: number;
  jitcnt: number;
  calcnt: number;
  errcnt: number;
  stbcnt: number;
  tai: number;
}

/** Field byte offsets, for the decoder and for tests that build a buffer. */
export const TIMEX_LAYOUT: Record<keyof Timex, { offset: number; size: 4 | 8 }> = {
  modes: { offset: 0, size: 4 },
  offset: { offset: 8, size: 8 },
  freq: { offset: 16, size: 8 },
  maxerror: { offset: 24, size: 8 },
  esterror: { offset: 32, size: 8 },
  status: { offset: 40, size: 4 },
  constant: { offset: 48, size: 8 },
  precision: { offset: 56, size: 8 },
  tolerance: { offset: 64, size: 8 },
  timeSec: { offset: 72, size: 8 },
  timeUsec: { offset: 80, size: 8 },
  tick: { offset: 88, size: 8 },
  ppsfreq: { offset: 96, size: 8 },
  jitter: { offset: 104, size: 8 },
  shift: { offset: 112, size: 4 },
  stabil: { offset: 120, size: 8 },
  jitcnt: { offset: 128, size: 8 },
  calcnt: { offset: 136, size: 8 },
  errcnt: { offset: 144, size: 8 },
  stbcnt: { offset: 152, size: 8 },
  tai: { offset: 160, size: 4 },
};

/** Decodes a little-endian struct timex as the kernel filled it. */
export function decodeTimex(buf: Uint8Array): Timex {
  if (buf.byteLength < TIMEX_SIZE) throw new Error(`struct timex: want ${TIMEX_SIZE} bytes, got ${buf.byteLength}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = {} as Timex;
  for (const [name, { offset, size }] of Object.entries(TIMEX_LAYOUT) as [keyof Timex, { offset: number; size: 4 | 8 }][]) {
    // modes is unsigned; every other field is a signed int or long.
    out[name] =
      size === 8 ? Number(view.getBigInt64(offset, true)) : name === "modes" ? view.getUint32(offset, true) : view.getInt32(offset, true);
  }
  return out;
}

export interface AdjtimexResult {
  /** The clock state: TIME_OK (0) .. TIME_ERROR (5). */
  state: number;
  timex: Timex;
}

function bind() {
  if (process.arch !== "x64" && process.arch !== "arm64") {
    throw new Error(`adjtimex: struct timex layout is only known for 64-bit Linux, not ${process.arch}`);
  }
  return dlopen("libc.so.6", {
    adjtimex: { args: [FFIType.ptr], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  }).symbols;
}

let symbols: ReturnType<typeof bind> | undefined;

/**
 * Reads the kernel clock state. Throws an Error whose code is the errno name
 * (e.g. EPERM) when the call fails, or a plain Error when libc cannot be
 * loaded.
 */
export function adjtimex(): AdjtimexResult {
  try {
    symbols ??= bind();
  } catch (err) {
    throw new Error(`adjtimex: cannot load libc.so.6 through bun:ffi: ${(err as Error).message}`, { cause: err });
  }
  const buf = new Uint8Array(TIMEX_SIZE);
  const state = symbols.adjtimex(buf);
  if (state === -1) {
    const errno = read.i32(symbols.__errno_location()!, 0);
    const code = errnoName(errno);
    const err = new Error(`adjtimex: ${code}`) as NodeJS.ErrnoException;
    err.code = code;
    err.errno = errno;
    throw err;
  }
  return { state, timex: decodeTimex(buf) };
}
