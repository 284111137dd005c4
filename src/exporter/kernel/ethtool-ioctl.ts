// The SIOCETHTOOL ioctl through libc (bun:ffi), as github.com/safchain/ethtool
// v0.3.0 issues it: ETHTOOL_GDRVINFO for driver information, GSTRINGS plus
// GSTATS for driver statistics, GSET for link modes. The struct decoders are
// pure so they can be tested without a network device.

import { ptr } from "bun:ffi";
import { lastErrno, libcSymbols, strerror } from "./libc.ts";

const AF_INET = 2;
const SOCK_DGRAM = 2;
const SIOCETHTOOL = 0x8946;
const IFNAMSIZ = 16;
const IFREQ_SIZE = 40;
const ETHTOOL_GSET = 0x1;
const ETHTOOL_GDRVINFO = 0x3;
const ETHTOOL_GSTRINGS = 0x1b;
const ETHTOOL_GSTATS = 0x1d;
const ETH_SS_STATS = 1;
const ETH_GSTRING_LEN = 32;
const MAX_GSTRINGS = 32768;
const DRVINFO_SIZE = 196;
const CMD_SIZE = 44;

export interface DriverInfo {
  driver: string;
  version: string;
  fwVersion: string;
  busInfo: string;
  eromVersion: string;
  nStats: number;
}

export interface LinkInfo {
  supported: number;
  advertising: number;
  autoneg: number;
}

/** An ioctl failure with its errno, so callers can tell EOPNOTSUPP apart. */
export class EthtoolError extends Error {
  constructor(
    readonly errno: number,
    message: string,
  ) {
    super(message);
    this.name = "EthtoolError";
  }
}

export const EOPNOTSUPP = 95;

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/** struct ethtool_drvinfo. */
export function decodeDriverInfo(buf: Uint8Array): DriverInfo {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const field = (i: number) => cString(buf.subarray(4 + i * 32, 4 + (i + 1) * 32));
  return {
    driver: field(0),
    version: field(1),
    fwVersion: field(2),
    busInfo: field(3),
    eromVersion: field(4),
    // After cmd, five 32-byte strings, 12 reserved bytes and n_priv_flags.
    nStats: v.getUint32(4 + 5 * 32 + 12 + 4, true),
  };
}

/** struct ethtool_cmd (the legacy GSET answer). */
export function decodeLinkInfo(buf: Uint8Array): LinkInfo {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return { supported: v.getUint32(4, true), advertising: v.getUint32(8, true), autoneg: v.getUint8(18) };
}

/** Pairs the GSTRINGS names with the GSTATS values; empty names are dropped, a repeated name keeps the last value. */
export function decodeStats(strings: Uint8Array, values: Uint8Array, n: number): Map<string, number> {
  const v = new DataView(values.buffer, values.byteOffset, values.byteLength);
  const out = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = cString(strings.subarray(i * ETH_GSTRING_LEN, (i + 1) * ETH_GSTRING_LEN));
    if (key !== "") out.set(key, Number(v.getBigUint64(i * 8, true)));
  }
  return out;
}

/** One AF_INET socket for a scrape's ioctls; close() it when done. */
export class EthtoolSocket {
  private readonly fd: number;

  constructor() {
    this.fd = libcSymbols().socket(AF_INET, SOCK_DGRAM, 0);
    if (this.fd < 0) {
      const errno = lastErrno();
      throw new EthtoolError(errno, `ethtool socket: ${strerror(errno)}`);
    }
  }

  close(): void {
    libcSymbols().close(this.fd);
  }

  private ioctl(device: string, data: Uint8Array): void {
    const ifr = new Uint8Array(IFREQ_SIZE);
    ifr.set(new TextEncoder().encode(device).subarray(0, IFNAMSIZ - 1));
    new DataView(ifr.buffer).setBigUint64(IFNAMSIZ, BigInt(ptr(data)), true);
    if (libcSymbols().ioctl(this.fd, SIOCETHTOOL, ptr(ifr)) < 0) {
      const errno = lastErrno();
      throw new EthtoolError(errno, strerror(errno));
    }
  }

  private command(cmd: number, size: number): Uint8Array {
    const buf = new Uint8Array(size);
    new DataView(buf.buffer).setUint32(0, cmd, true);
    return buf;
  }

  driverInfo(device: string): DriverInfo {
    const buf = this.command(ETHTOOL_GDRVINFO, DRVINFO_SIZE);
    this.ioctl(device, buf);
    return decodeDriverInfo(buf);
  }

  linkInfo(device: string): LinkInfo {
    const buf = this.command(ETHTOOL_GSET, CMD_SIZE);
    this.ioctl(device, buf);
    return decodeLinkInfo(buf);
  }

  stats(device: string): Map<string, number> {
    const n = this.driverInfo(device).nStats;
    if (n > MAX_GSTRINGS) {
      throw new Error(`ethtool currently doesn't support more than ${MAX_GSTRINGS} entries, received ${n}`);
    }
    const strings = this.command(ETHTOOL_GSTRINGS, 12 + n * ETH_GSTRING_LEN);
    const sv = new DataView(strings.buffer);
    sv.setUint32(4, ETH_SS_STATS, true);
    sv.setUint32(8, n, true);
    this.ioctl(device, strings);
    const stats = this.command(ETHTOOL_GSTATS, 8 + n * 8);
    new DataView(stats.buffer).setUint32(4, n, true);
    this.ioctl(device, stats);
    return decodeStats(strings.subarray(12), stats.subarray(8), n);
  }
}
