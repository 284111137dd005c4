// The three btrfs ioctls node_exporter uses for per-device statistics
// (linux/btrfs.h): FS_INFO, DEV_INFO and GET_DEV_STATS, through bun:ffi.
// btrfs is a local filesystem, so these answer at once and run on the
// collector's thread.

import { closeSync, openSync, statSync } from "node:fs";
import { lastErrno, libcSymbols } from "./libc.ts";
import { statfsSync } from "./statfs.ts";

export const BTRFS_SUPER_MAGIC = 0x9123683e;
/** The inode number of a subvolume's root directory. */
const FIRST_FREE_OBJECTID = 256;
const ENODEV = 19;

// _IOR/_IOWR(0x94, nr, size): direction << 30 | size << 16 | 0x94 << 8 | nr.
const IOC_FS_INFO = 0x8400941f; // _IOR(0x94, 31, 1024)
const IOC_DEV_INFO = 0xd000941e; // _IOWR(0x94, 30, 4096)
const IOC_GET_DEV_STATS = 0xc4089434; // _IOWR(0x94, 52, 1032)

const DEV_STAT_VALUES = 5;

export class IoctlError extends Error {
  constructor(
    readonly errno: number,
    what: string,
  ) {
    super(`${what}: errno ${errno}`);
  }
}

export interface BtrfsFsInfo {
  maxId: number;
  numDevices: number;
  /** Hex, no dashes (dennwc/btrfs FSID.String()). */
  fsid: string;
}

export interface BtrfsDevInfo {
  /** With dashes, 8-4-4-4-12 (dennwc/btrfs UUID.String()), "<zero>" when all zero. */
  uuid: string;
  bytesUsed: number;
  totalBytes: number;
  path: string;
}

export interface BtrfsDevStats {
  writeErrs: number;
  readErrs: number;
  flushErrs: number;
  corruptionErrs: number;
  generationErrs: number;
}

function ioctl(fd: number, request: number, arg: Uint8Array, what: string): void {
  if (libcSymbols().ioctl(fd, request, arg) !== 0) throw new IoctlError(lastErrno(), what);
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

export function formatDevUuid(b: Uint8Array): string {
  if (b.every((x) => x === 0)) return "<zero>";
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Opens a mounted btrfs filesystem for the ioctls, as dennwc/btrfs's Open
 * does: the path must be a subvolume root (inode 256) on btrfs. Returns the
 * directory's descriptor; the caller closes it.
 */
export function openBtrfs(path: string): number {
  const st = statSync(path);
  if (st.ino !== FIRST_FREE_OBJECTID || !st.isDirectory()) throw new Error(`${path}: not a btrfs subvolume`);
  if (statfsSync(path).type !== BTRFS_SUPER_MAGIC) throw new Error(`${path}: not a btrfs filesystem`);
  return openSync(path, "r");
}

export function closeBtrfs(fd: number): void {
  closeSync(fd);
}

export function btrfsFsInfo(fd: number): BtrfsFsInfo {
  const buf = new Uint8Array(1024);
  ioctl(fd, IOC_FS_INFO, buf, "BTRFS_IOC_FS_INFO");
  const v = new DataView(buf.buffer);
  return {
    maxId: Number(v.getBigUint64(0, true)),
    numDevices: Number(v.getBigUint64(8, true)),
    fsid: hex(buf.subarray(16, 32)),
  };
}

/** Throws IoctlError with errno ENODEV for a device id not in use. */
export function btrfsDevInfo(fd: number, devid: number): BtrfsDevInfo {
  const buf = new Uint8Array(4096);
  const v = new DataView(buf.buffer);
  v.setBigUint64(0, BigInt(devid), true);
  ioctl(fd, IOC_DEV_INFO, buf, "BTRFS_IOC_DEV_INFO");
  const pathBytes = buf.subarray(4096 - 1024);
  const nul = pathBytes.indexOf(0);
  return {
    uuid: formatDevUuid(buf.subarray(8, 24)),
    bytesUsed: Number(v.getBigUint64(24, true)),
    totalBytes: Number(v.getBigUint64(32, true)),
    path: Buffer.from(nul === -1 ? pathBytes : pathBytes.subarray(0, nul)).toString("utf8"),
  };
}

export function btrfsDevStats(fd: number, devid: number): BtrfsDevStats {
  const buf = new Uint8Array(1032);
  const v = new DataView(buf.buffer);
  v.setBigUint64(0, BigInt(devid), true);
  v.setBigUint64(8, BigInt(DEV_STAT_VALUES), true);
  ioctl(fd, IOC_GET_DEV_STATS, buf, "BTRFS_IOC_GET_DEV_STATS");
  const at = (i: number) => Number(v.getBigUint64(24 + 8 * i, true));
  return { writeErrs: at(0), readErrs: at(1), flushErrs: at(2), corruptionErrs: at(3), generationErrs: at(4) };
}

export interface BtrfsIoctlDevice extends BtrfsDevInfo, BtrfsDevStats {}

/** Every device of the filesystem, as node_exporter's getIoctlDeviceStats walks them. */
export function btrfsDevices(fd: number, info: BtrfsFsInfo): BtrfsIoctlDevice[] {
  const out: BtrfsIoctlDevice[] = [];
  for (let id = 0; id <= info.maxId; id++) {
    let dev: BtrfsDevInfo;
    try {
      dev = btrfsDevInfo(fd, id);
    } catch (err) {
      if (err instanceof IoctlError && err.errno === ENODEV) continue;
      throw err;
    }
    out.push({ ...dev, ...btrfsDevStats(fd, id) });
    if (out.length === info.numDevices) break;
  }
  return out;
}
