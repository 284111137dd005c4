// Device-mapper multipath devices under /sys/block: a dm-N whose dm/uuid
// starts with "mpath-", its paths in slaves/, and each path's SCSI or NVMe
// state. As procfs's DMMultipathDevices reads them.

import type { Paths } from "../../paths.ts";
import { isNotFound, listDir, sysReadFile } from "../host-fs.ts";
import { readUintFile } from "../procfs/uint-file.ts";

export interface DmMultipathDevice {
  /** The map's name (dm/name), e.g. mpatha. */
  name: string;
  /** The kernel's name, dm-N. */
  sysfsName: string;
  uuid: string;
  suspended: boolean;
  sizeBytes: number;
  paths: { device: string; state: string }[];
}

const SECTOR_SIZE = 512;

function read(file: string, what: string, read: (file: string) => string | number) {
  try {
    return read(file);
  } catch (err) {
    throw new Error(`failed to read ${what}: ${(err as Error).message}`, { cause: err });
  }
}

/** Throws the listing error of /sys/block untouched (ENOENT, EACCES: no data). */
export function readDmMultipathDevices(paths: Paths): DmMultipathDevice[] {
  const out: DmMultipathDevice[] = [];
  for (const dm of listDir(paths.sys("block"))) {
    if (!dm.startsWith("dm-")) continue;
    let uuid: string;
    try {
      uuid = sysReadFile(paths.sys("block", dm, "dm", "uuid"));
    } catch (err) {
      if (isNotFound(err)) continue;
      throw new Error(`failed to read dm/uuid for ${dm}: ${(err as Error).message}`, { cause: err });
    }
    if (!uuid.startsWith("mpath-")) continue;
    const name = read(paths.sys("block", dm, "dm", "name"), `dm/name for ${dm}`, sysReadFile) as string;
    const suspended = read(paths.sys("block", dm, "dm", "suspended"), `dm/suspended for ${dm}`, readUintFile) as number;
    const sectors = read(paths.sys("block", dm, "size"), `size for ${dm}`, readUintFile) as number;
    let pathDevices: string[] = [];
    try {
      pathDevices = listDir(paths.sys("block", dm, "slaves"));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    out.push({
      name,
      sysfsName: dm,
      uuid,
      suspended: suspended === 1,
      sizeBytes: sectors * SECTOR_SIZE,
      paths: pathDevices.map((device) => ({
        device,
        state: read(paths.sys("block", device, "device", "state"), `device/state for ${device}`, sysReadFile) as string,
      })),
    });
  }
  return out;
}
