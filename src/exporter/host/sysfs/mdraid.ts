// Software RAID arrays as sysfs describes them, /sys/block/md*/md/: level,
// raid_disks and degraded (what node_exporter 1.10 reports, #3031), plus the
// attributes procfs's Mdraids also requires, so that a damaged tree fails
// here as it fails upstream.

import type { Paths } from "../../paths.ts";
import { isDirectory, listDirIfExists, readText, sysReadFile } from "../host-fs.ts";
import { readUintFile } from "../procfs/uint-file.ts";

export interface Mdraid {
  device: string;
  level: string;
  /** Devices in a fully working array; undefined for containers or an empty raid_disks. */
  disks?: number;
  degradedDisks: number;
}

/** raid_disks: "4", or "4 (3)" while reshaping; "" or garbage is no value. */
export function parseRaidDisks(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const head = t.slice(0, Math.max(0, t.indexOf(" ")));
  return /^\d+$/.test(head) ? Number(head) : undefined;
}

/** sync_completed: "none", or "<done> / <total>". */
export function checkSyncCompleted(text: string): void {
  if (text !== "none" && !/^\d+ \/ \d+/.test(text)) throw new Error(`unexpected sync_completed "${text}"`);
}

const REDUNDANT = new Set(["raid1", "raid4", "raid5", "raid6", "raid10"]);
const STRIPED = new Set(["raid0", "raid4", "raid5", "raid6", "raid10"]);

/** Every md array; no /sys/block or no md device is an empty list. Read errors are thrown untouched. */
export function readMdraids(paths: Paths): Mdraid[] {
  const out: Mdraid[] = [];
  for (const device of listDirIfExists(paths.sys("block"))) {
    if (!device.startsWith("md")) continue;
    const dir = paths.sys("block", device, "md");
    if (!isDirectory(dir)) continue;
    const level = sysReadFile(`${dir}/level`);
    sysReadFile(`${dir}/array_state`);
    sysReadFile(`${dir}/metadata_version`);
    let disks: number | undefined;
    if (level !== "" && level !== "container" && level !== "imsm" && level !== "ddf") {
      disks = parseRaidDisks(readText(`${dir}/raid_disks`));
    }
    sysReadFile(`${dir}/uuid`);
    for (const entry of listDirIfExists(dir)) if (entry.startsWith("dev-")) sysReadFile(`${dir}/${entry}/state`);
    if (STRIPED.has(level)) readUintFile(`${dir}/chunk_size`);
    let degradedDisks = 0;
    if (REDUNDANT.has(level)) {
      degradedDisks = readUintFile(`${dir}/degraded`);
      sysReadFile(`${dir}/sync_action`);
      checkSyncCompleted(sysReadFile(`${dir}/sync_completed`));
    }
    out.push({ device, level, disks, degradedDisks });
  }
  return out;
}
