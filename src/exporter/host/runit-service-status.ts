// runit's supervise/status file: the 20-byte record runsv keeps for each
// service (TAI64N timestamp of the last state change, pid, want, state), and
// the services of a runit service directory.

import { listDirEntries, readBytes, statPath } from "./host-fs.ts";
import { join } from "node:path";

/** TAI64 label of the Unix epoch: 2^62 + 10 leap seconds, as runit writes it. */
const TAI_OFFSET = 4611686018427387914n;
const STATUS_LENGTH = 20;

export interface RunitStatus {
  pid: number;
  /** Unix seconds of the last state change. */
  timestamp: number;
  /** 0 down, 1 run, 2 finish. */
  state: number;
  /** 1 when the service is wanted up, 0 when wanted down (or unknown). */
  want: number;
}

/**
 * Decodes supervise/status. A record shorter than 20 bytes reads as if
 * zero-padded (runit writes it whole; go-runit reads it that way); an
 * empty one is an error.
 */
export function parseRunitStatus(bytes: Uint8Array): RunitStatus {
  if (bytes.length === 0) throw new Error("status file is empty");
  const b = new Uint8Array(STATUS_LENGTH);
  b.set(bytes.subarray(0, STATUS_LENGTH));
  let tai = 0n;
  for (let i = 0; i < 8; i++) tai = (tai << 8n) | BigInt(b[i]);
  const pid = (b[12] | (b[13] << 8) | (b[14] << 16) | (b[15] << 24)) >>> 0;
  const want = b[17] === 0x75 /* 'u' */ ? 1 : 0;
  return { pid, timestamp: Number(BigInt.asIntN(64, tai) - TAI_OFFSET), state: b[19], want };
}

export interface RunitService {
  name: string;
  dir: string;
}

/** Services are the directory's subdirectories and symlinks, sorted by name (go-runit's GetServices). */
export function listRunitServices(serviceDir: string): RunitService[] {
  return listDirEntries(serviceDir)
    .filter((e) => e.isDirectory() || e.isSymbolicLink())
    .map((e) => e.name)
    .sort()
    .map((name) => ({ name, dir: serviceDir }));
}

export interface RunitServiceState extends RunitStatus {
  /** No supervise/down file: the service starts at boot. */
  normallyUp: boolean;
}

export function readRunitService(s: RunitService): RunitServiceState {
  const base = join(s.dir, s.name, "supervise");
  const file = join(base, "status");
  let status: RunitStatus;
  try {
    status = parseRunitStatus(readBytes(file));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
  let normallyUp = true;
  try {
    statPath(join(base, "down"));
    normallyUp = false;
  } catch {
    // absent: normally up
  }
  return { ...status, normallyUp };
}
