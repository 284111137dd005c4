// perf_event_open(2), ioctl(2), read(2) and close(2) through bun:ffi. libc has
// no perf_event_open wrapper, so it goes through syscall(2) with the
// architecture's number. Bound on first use; the collector takes the
// PerfSys interface so tests can stand in for the kernel.

import { FFIType, dlopen, ptr, read } from "bun:ffi";
import { errnoName } from "./libc.ts";

/** __NR_perf_event_open by process.arch. */
const NR_PERF_EVENT_OPEN: Record<string, bigint> = { x64: 298n, arm64: 241n };

export const PERF_EVENT_IOC_ENABLE = 0x2400;
export const PERF_IOC_FLAG_GROUP = 1;

export class PerfSyscallError extends Error {
  constructor(
    readonly call: string,
    readonly errno: number,
    message: string,
  ) {
    super(message);
    this.name = "PerfSyscallError";
  }
}

export interface PerfSys {
  /** Returns the new fd; throws PerfSyscallError with the errno on failure. */
  open(attr: Uint8Array, pid: number, cpu: number, groupFd: number): number;
  enable(fd: number, flags: number): void;
  /** Fills buf from the counter; returns the byte count. */
  read(fd: number, buf: Uint8Array): number;
  close(fd: number): void;
}

function bind() {
  return dlopen("libc.so.6", {
    syscall: { args: [FFIType.i64, FFIType.ptr, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.u64], returns: FFIType.i64 },
    ioctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64], returns: FFIType.i32 },
    read: { args: [FFIType.i32, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
    close: { args: [FFIType.i32], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  }).symbols;
}

/** The real kernel interface; throws when the architecture or libc is unsupported. */
export function kernelPerfSys(): PerfSys {
  const nr = NR_PERF_EVENT_OPEN[process.arch];
  if (nr === undefined) throw new Error(`perf_event_open: no syscall number known for architecture ${process.arch}`);
  const libc = bind();
  const errno = () => read.i32(libc.__errno_location()!, 0);
  const fail = (call: string): never => {
    const e = errno();
    throw new PerfSyscallError(call, e, `${call}: ${errnoName(e)}`);
  };
  return {
    open(attr, pid, cpu, groupFd) {
      const fd = Number(libc.syscall(nr, ptr(attr), pid, cpu, groupFd, 0n));
      if (fd < 0) fail("perf_event_open");
      return fd;
    },
    enable(fd, flags) {
      if (libc.ioctl(fd, BigInt(PERF_EVENT_IOC_ENABLE), BigInt(flags)) < 0) fail("ioctl(PERF_EVENT_IOC_ENABLE)");
    },
    read(fd, buf) {
      const n = Number(libc.read(fd, ptr(buf), BigInt(buf.length)));
      if (n < 0) fail("read");
      return n;
    },
    close(fd) {
      libc.close(fd);
    },
  };
}
