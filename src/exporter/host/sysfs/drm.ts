// /sys/class/drm/card[0-9]: AMD GPU statistics as procfs v0.14 reads them.
// Only cards whose device/uevent names the amdgpu driver get values; other
// cards still appear, with empty strings and zeros, exactly as upstream
// reports them.

import { errnoCode, listDir, sysReadFile } from "../host-fs.ts";
import { join } from "node:path";
import { parseGoUint64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

export interface AmdGpuCard {
  name: string;
  gpuBusyPercent: number;
  memoryGTTSize: number;
  memoryGTTUsed: number;
  memoryVisibleVRAMSize: number;
  memoryVisibleVRAMUsed: number;
  memoryVRAMSize: number;
  memoryVRAMUsed: number;
  memoryVRAMVendor: string;
  powerDPMForcePerformanceLevel: string;
  uniqueId: string;
}

const NUMERIC: [keyof AmdGpuCard, string][] = [
  ["gpuBusyPercent", "gpu_busy_percent"],
  ["memoryGTTSize", "mem_info_gtt_total"],
  ["memoryGTTUsed", "mem_info_gtt_used"],
  ["memoryVisibleVRAMSize", "mem_info_vis_vram_total"],
  ["memoryVisibleVRAMUsed", "mem_info_vis_vram_used"],
  ["memoryVRAMSize", "mem_info_vram_total"],
  ["memoryVRAMUsed", "mem_info_vram_used"],
];
const STRINGS: [keyof AmdGpuCard, string][] = [
  ["memoryVRAMVendor", "mem_info_vram_vendor"],
  ["powerDPMForcePerformanceLevel", "power_dpm_force_performance_level"],
  ["uniqueId", "unique_id"],
];

export function emptyCard(name: string): AmdGpuCard {
  return {
    name,
    gpuBusyPercent: 0,
    memoryGTTSize: 0,
    memoryGTTUsed: 0,
    memoryVisibleVRAMSize: 0,
    memoryVisibleVRAMUsed: 0,
    memoryVRAMSize: 0,
    memoryVRAMUsed: 0,
    memoryVRAMVendor: "",
    powerDPMForcePerformanceLevel: "",
    uniqueId: "",
  };
}

export function isAmdGpu(uevent: string): boolean {
  return uevent.includes("DRIVER=amdgpu");
}

/**
 * Builds a card from its device attribute values (file name to trimmed
 * content); absent files leave zeros. An unparseable number would crash
 * upstream (nil dereference); here it is an error naming the file.
 */
export function parseAmdGpuCard(name: string, attributes: ReadonlyMap<string, string>): AmdGpuCard {
  const card = emptyCard(name);
  for (const [field, file] of NUMERIC) {
    const text = attributes.get(file);
    if (text === undefined) continue;
    const v = parseGoUint64(text, 0);
    if (v === undefined) throw new Error(`${file}: strconv.ParseUint: parsing "${text}": invalid syntax`);
    (card[field] as number) = v;
  }
  for (const [field, file] of STRINGS) {
    const text = attributes.get(file);
    if (text !== undefined) (card[field] as string) = text;
  }
  return card;
}

function readCard(dir: string, name: string): AmdGpuCard | undefined {
  const device = join(dir, name, "device");
  if (!isAmdGpu(sysReadFile(join(device, "uevent")))) return emptyCard(name);
  const attributes = new Map<string, string>();
  for (const [, file] of [...NUMERIC, ...STRINGS]) {
    try {
      attributes.set(file, sysReadFile(join(device, file)));
    } catch {
      // procfs reads only what is there
    }
  }
  try {
    return parseAmdGpuCard(name, attributes);
  } catch (err) {
    throw new Error(`${device}: ${(err as Error).message}`, { cause: err });
  }
}

/** filepath.Glob("class/drm/card[0-9]"): one digit only, sorted; cards answering ENODATA are skipped. */
export function readAmdGpuCards(paths: Paths): AmdGpuCard[] {
  const dir = paths.sys("class", "drm");
  let entries: string[];
  try {
    entries = listDir(dir);
  } catch {
    return [];
  }
  const cards: AmdGpuCard[] = [];
  for (const name of entries.filter((e) => /^card[0-9]$/.test(e)).sort()) {
    try {
      const card = readCard(dir, name);
      if (card) cards.push(card);
    } catch (err) {
      if (errnoCode(err) === "ENODATA") continue;
      throw err;
    }
  }
  return cards;
}
