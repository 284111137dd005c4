// /sys/fs/xfs/<device>/stats/stats: one "label v1 v2 ..." line per counter
// group (see the kernel's fs/xfs/xfs_stats.c). Checked as procfs v0.14
// does: every value must be a uint32 (uint64 on the xpc line) and each known
// group must have its exact number of values.

import { listDirIfExists, parseFileText, readText } from "../host-fs.ts";
import { join } from "node:path";
import type { Paths } from "../../paths.ts";

/** Known groups and the value counts procfs accepts. */
const GROUP_SIZES: Record<string, number[]> = {
  extent_alloc: [4],
  abt: [4],
  blk_map: [7],
  bmbt: [4],
  dir: [4],
  trans: [3],
  ig: [7],
  log: [5],
  push_ail: [10],
  xstrat: [2],
  rw: [2],
  attr: [4],
  icluster: [3],
  vnodes: [7, 8],
  buf: [9],
  xpc: [3],
  abtb2: [15],
  abtc2: [15],
  bmbt2: [15],
  ibt2: [15],
  qm: [8, 9],
  debug: [1],
};

const UINT32_MAX = 4294967295;

export interface XfsStats {
  device: string;
  /** Group label to its values; a group absent from the file is absent here. */
  groups: Map<string, number[]>;
}

export function parseXfsStats(text: string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i].trim().split(/\s+/);
    if (fields.length < 2) continue;
    const label = fields[0];
    const max = label === "xpc" ? Number.MAX_SAFE_INTEGER * 2048 : UINT32_MAX;
    const values = new Array<number>(fields.length - 1);
    for (let j = 1; j < fields.length; j++) {
      const f = fields[j];
      const v = Number(f);
      if (!/^\d+$/.test(f) || v > max) throw new Error(`line ${i + 1}: ${label}: invalid value "${f}"`);
      values[j - 1] = v;
    }
    const sizes = GROUP_SIZES[label];
    if (sizes && !sizes.includes(values.length)) {
      throw new Error(`line ${i + 1}: incorrect number of values for XFS ${label} stats: ${values.length}`);
    }
    groups.set(label, values);
  }
  return groups;
}

export function readXfs(paths: Paths): XfsStats[] {
  const root = paths.sys("fs", "xfs");
  const out: XfsStats[] = [];
  for (const device of listDirIfExists(root)) {
    const file = join(root, device, "stats", "stats");
    let text: string;
    try {
      text = readText(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") continue; // not a device directory
      throw err;
    }
    out.push({ device, groups: parseFileText(file, text, parseXfsStats) });
  }
  return out;
}
