// /proc/diskstats: "major minor name" then 11 (kernel < 4.18), 15 (< 5.5) or
// 17 counters per line; see the kernel's Documentation/admin-guide/iostats.rst.

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface Diskstats {
  major: number;
  minor: number;
  device: string;
  /** The counters in file order; 11, 15 or 17 of them. */
  stats: number[];
}

export function parseDiskstats(text: string): Diskstats[] {
  const out: Diskstats[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i].trim().split(/\s+/);
    // Like procfs, a line with fewer than 11 counters is skipped, not an error.
    if (fields.length < 14) continue;
    const nums = new Array<number>(fields.length - 1);
    for (let j = 0; j < fields.length; j++) {
      if (j === 2) continue;
      const f = fields[j];
      const v = Number(f);
      if (!Number.isInteger(v) || v < 0) {
        throw new Error(`line ${i + 1}: field ${j + 1} is not a number: "${f}"`);
      }
      nums[j < 2 ? j : j - 1] = v;
    }
    out.push({ major: nums[0], minor: nums[1], device: fields[2], stats: nums.slice(2, 19) });
  }
  return out;
}

export function readDiskstats(paths: Paths): Diskstats[] {
  return readParsed(paths.proc("diskstats"), parseDiskstats);
}
