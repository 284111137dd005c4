// RAPL zones under /sys/class/powercap: every subdirectory with a "name"
// file. Names like "package-0" carry their index; repeated plain names
// ("dram", "dram") are numbered in order of appearance.

import { listDir, readText } from "../host-fs.ts";
import { join } from "node:path";
import { parseGoAtoi, parseGoUint64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

export interface RaplZone {
  name: string;
  index: number;
  path: string;
  maxMicrojoules: number;
}

/** procfs's getIndexAndName: "package-1" is (1, "package"); otherwise the running count. */
export function indexAndName(counts: Map<string, number>, name: string): [number, string] {
  const parts = name.split("-");
  if (parts.length === 2) {
    const index = parseGoAtoi(parts[1]);
    if (index !== undefined) return [index, parts[0]];
  }
  return [counts.get(name) ?? 0, name];
}

/** util.ReadUintFromFile: the whole file, white space trimmed, a decimal uint64. */
export function readUintFile(path: string): number {
  const text = readText(path).trim();
  const v = parseGoUint64(text, 10);
  if (v === undefined) throw new Error(`${path}: strconv.ParseUint: parsing "${text}": invalid syntax`);
  return v;
}

export function readRaplZones(paths: Paths): RaplZone[] {
  const dir = paths.sys("class", "powercap");
  let entries: string[];
  try {
    entries = listDir(dir);
  } catch (err) {
    throw new Error(`unable to read class/powercap: ${(err as Error).message}`, { cause: err });
  }
  const counts = new Map<string, number>();
  const zones: RaplZone[] = [];
  for (const entry of entries) {
    let rawName: string;
    try {
      rawName = readText(join(dir, entry, "name"), "utf8");
    } catch {
      continue;
    }
    const [index, name] = indexAndName(counts, rawName.trim());
    const maxMicrojoules = readUintFile(join(dir, entry, "max_energy_range_uj"));
    zones.push({ name, index, path: join(dir, entry), maxMicrojoules });
    counts.set(name, index + 1);
  }
  return zones;
}

export function readEnergyMicrojoules(zone: RaplZone): number {
  return readUintFile(join(zone.path, "energy_uj"));
}
