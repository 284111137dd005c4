// /sys/class/thermal: thermal_zoneN (type, policy, temp in millidegrees,
// optional mode and passive) and cooling_deviceN (type, max_state, cur_state).

import { errnoCode, listDir, readText, sysReadFile } from "../host-fs.ts";
import { join } from "node:path";
import { parseGoInt64, parseGoUint64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

export interface ThermalZone {
  name: string;
  type: string;
  policy: string;
  /** Millidegrees Celsius. */
  temp: number;
  mode?: boolean;
  passive?: number;
}

export interface CoolingDevice {
  name: string;
  type: string;
  maxState: number;
  curState: number;
}

/** filepath.Glob("<dir>/<prefix>[0-9]*"): sorted, and no error when dir is missing. */
function globNumbered(dir: string, prefix: string): string[] {
  let entries: string[];
  try {
    entries = listDir(dir);
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.startsWith(prefix) && e.length > prefix.length && e[prefix.length] >= "0" && e[prefix.length] <= "9")
    .sort();
}

export function parseDecimalInt(text: string, what: string): number {
  const v = parseGoInt64(text.trim(), 10);
  if (v === undefined) throw new Error(`${what}: strconv.ParseInt: parsing "${text.trim()}": invalid syntax`);
  return v;
}

/** util.ParseBool: "enabled" / "disabled", anything else unknown. */
export function parseThermalMode(text: string): boolean | undefined {
  if (text === "enabled") return true;
  if (text === "disabled") return false;
  return undefined;
}

function readZone(dir: string, entry: string): ThermalZone {
  const zone = join(dir, entry);
  const type = sysReadFile(join(zone, "type"));
  const policy = sysReadFile(join(zone, "policy"));
  const temp = parseDecimalInt(readText(join(zone, "temp")), join(zone, "temp"));
  let mode: boolean | undefined;
  try {
    mode = parseThermalMode(sysReadFile(join(zone, "mode")));
  } catch (err) {
    const code = errnoCode(err);
    if (code !== "ENOENT" && code !== "EACCES" && code !== "EPERM") throw err;
  }
  let passive: number | undefined;
  try {
    const text = readText(join(zone, "passive")).trim();
    passive = parseGoUint64(text, 10);
    if (passive === undefined) throw new Error(`${join(zone, "passive")}: strconv.ParseUint: parsing "${text}": invalid syntax`);
  } catch (err) {
    const code = errnoCode(err);
    if (code !== "ENOENT" && code !== "EACCES" && code !== "EPERM") throw err;
  }
  return { name: entry.slice("thermal_zone".length), type, policy, temp, mode, passive };
}

/** Zones that answer ENODATA (a sensor without a reading) are skipped, as procfs does. */
export function readThermalZones(paths: Paths): ThermalZone[] {
  const dir = paths.sys("class", "thermal");
  const zones: ThermalZone[] = [];
  for (const entry of globNumbered(dir, "thermal_zone")) {
    try {
      zones.push(readZone(dir, entry));
    } catch (err) {
      if (errnoCode(err) === "ENODATA") continue;
      throw err;
    }
  }
  return zones;
}

export function readCoolingDevices(paths: Paths): CoolingDevice[] {
  const dir = paths.sys("class", "thermal");
  return globNumbered(dir, "cooling_device").map((entry) => {
    const cd = join(dir, entry);
    return {
      name: entry.slice("cooling_device".length),
      type: sysReadFile(join(cd, "type")),
      maxState: parseDecimalInt(sysReadFile(join(cd, "max_state")), join(cd, "max_state")),
      // cur_state can be -1 (intel_powerclamp).
      curState: parseDecimalInt(sysReadFile(join(cd, "cur_state")), join(cd, "cur_state")),
    };
  });
}
