// /proc/net/stat/*: per-CPU network cache counters (what `lnstat` shows),
// one header line of names, then one line of hex values per CPU.

import { listDirIfExists, readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface NetStatFile {
  filename: string;
  /** Counter name to one value per CPU line. */
  stats: Map<string, number[]>;
}

export function parseNetStatCaches(text: string): Map<string, number[]> {
  const lines = text.split("\n");
  const headers = (lines[0] ?? "").trim().split(/\s+/).filter((h) => h !== "");
  const stats = new Map<string, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const values = lines[i].trim().split(/\s+/).filter((v) => v !== "");
    values.forEach((v, j) => {
      if (j >= headers.length) throw new Error(`line ${i + 1}: more values (${values.length}) than headers (${headers.length})`);
      if (!/^[0-9a-fA-F]+$/.test(v)) throw new Error(`line ${i + 1}: ${headers[j]} is not a hex number: "${v}"`);
      let list = stats.get(headers[j]);
      if (!list) stats.set(headers[j], (list = []));
      list.push(Number.parseInt(v, 16));
    });
  }
  return stats;
}

export function readNetStatCaches(paths: Paths): NetStatFile[] {
  const dir = paths.proc("net", "stat");
  return listDirIfExists(dir).map((filename) => ({
    filename,
    stats: readParsed(paths.proc("net", "stat", filename), parseNetStatCaches),
  }));
}
