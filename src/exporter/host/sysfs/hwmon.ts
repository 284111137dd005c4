// /sys/class/hwmon/hwmon*: sensor files named <type><n>_<property>, read
// with one short read each (some drivers answer EAGAIN forever), and the chip
// names node_exporter derives from the device path or the "name" file.

import { listDir, lstatPath, readText, realPath, statPath, sysReadRaw } from "../host-fs.ts";
import { basename, dirname, join } from "node:path";
import { parseGoAtoi } from "../../../go/strconv.ts";

export const HWMON_SENSOR_TYPES = new Set([
  "vrm", "beep_enable", "update_interval", "in", "cpu", "fan",
  "pwm", "temp", "curr", "power", "energy", "humidity", "intrusion", "freq",
]);

export interface SensorFilename {
  type: string;
  num: number;
  property: string;
}

const FILENAME_RE = /^([^0-9]+)([0-9]*)?(_(.+))?$/;

/** Splits "temp1_input" into type temp, number 1, property input. */
export function explodeSensorFilename(filename: string): SensorFilename | undefined {
  const m = FILENAME_RE.exec(filename);
  if (!m) return undefined;
  let num = 0;
  if (m[2] !== undefined && m[2] !== "") {
    const n = parseGoAtoi(m[2]);
    if (n === undefined) return undefined;
    num = n;
  }
  return { type: m[1], num, property: m[4] ?? "" };
}

/** Lower case, anything outside [a-z0-9:_] to "_", then "_" trimmed off both ends. */
export function cleanMetricName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9:_]/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Sensor name ("temp1") to property ("input", "" for a bare "temp1" file) to raw value. */
export type SensorData = Map<string, Map<string, string>>;

const utf8 = new TextDecoder("utf-8");

/** Adds every recognised sensor file of dir to data; unreadable files are skipped. */
export function collectSensorData(dir: string, data: SensorData): void {
  for (const file of listDir(dir)) {
    const parts = explodeSensorFilename(file);
    if (!parts || !HWMON_SENSOR_TYPES.has(parts.type)) continue;
    let raw: Uint8Array;
    try {
      raw = sysReadRaw(join(dir, file));
    } catch {
      continue;
    }
    const sensor = `${parts.type}${parts.num}`;
    let props = data.get(sensor);
    if (!props) data.set(sensor, (props = new Map()));
    props.set(parts.property, trimNewlines(utf8.decode(raw)));
  }
}

function trimNewlines(s: string): string {
  return s.replace(/^\n+|\n+$/g, "");
}

/** All sensor data of a chip directory and its device/ subdirectory. */
export function readSensorData(dir: string): SensorData {
  const data: SensorData = new Map();
  collectSensorData(dir, data);
  let hasDevice = false;
  try {
    statPath(join(dir, "device"));
    hasDevice = true;
  } catch {
    // no device directory
  }
  if (hasDevice) collectSensorData(join(dir, "device"), data);
  return data;
}

/**
 * The stable chip label: <device type>_<device name> from the resolved
 * device link, else the "name" file, else the hwmonN directory name.
 */
export function hwmonName(dir: string): string {
  try {
    const devicePath = realPath(join(dir, "device"));
    const devName = cleanMetricName(basename(devicePath));
    const devType = cleanMetricName(basename(dirname(devicePath)));
    if (devType !== "" && devName !== "") return `${devType}_${devName}`;
    if (devName !== "") return devName;
  } catch {
    // no device link: fall through
  }
  try {
    const name = readText(join(dir, "name"), "utf8");
    if (name !== "") {
      const clean = cleanMetricName(name);
      if (clean !== "") return clean;
    }
  } catch {
    // no name file: fall through
  }
  const clean = cleanMetricName(basename(realPath(dir)));
  if (clean !== "") return clean;
  throw new Error(`Could not derive a monitoring name for ${dir}`);
}

/** The "name" file, cleaned; undefined when absent or empty. */
export function hwmonChipName(dir: string): string | undefined {
  let name: string;
  try {
    name = readText(join(dir, "name"), "utf8");
  } catch {
    return undefined;
  }
  const clean = name === "" ? "" : cleanMetricName(name);
  return clean === "" ? undefined : clean;
}

export interface HwmonChipEntry {
  /** class/hwmon/hwmonN */
  dir: string;
  /** hwmonName(dir): unique per device, but not per hwmon node. */
  baseName: string;
  /** The "name" file, whitespace-trimmed; "" when absent. */
  nameFile: string;
}

/** The "name" file as upstream's collision pass reads it: trimmed, "" when absent. */
export function hwmonNameFile(dir: string): string {
  try {
    return readText(join(dir, "name"), "utf8").trim();
  } catch {
    return "";
  }
}

/**
 * The chip label of each entry, in order. One device can carry several hwmon
 * nodes (asus-nb-wmi: fan control and WMI sensors; a wifi phy: one per
 * radio), which would give them all the same device-derived name and repeat
 * every series. As node_exporter 1.12.1 does, a colliding name gets the
 * node's "name" file as a suffix, or its hwmonN directory name when that is
 * empty or shared too.
 */
export function uniqueChipNames(entries: readonly HwmonChipEntry[]): string[] {
  const chipCounts = new Map<string, number>();
  const nameCounts = new Map<string, number>();
  const nameKey = (e: HwmonChipEntry) => `${e.baseName}\u0000${e.nameFile}`;
  for (const e of entries) {
    chipCounts.set(e.baseName, (chipCounts.get(e.baseName) ?? 0) + 1);
    nameCounts.set(nameKey(e), (nameCounts.get(nameKey(e)) ?? 0) + 1);
  }
  return entries.map((e) => {
    if ((chipCounts.get(e.baseName) ?? 0) < 2) return e.baseName;
    let suffix = cleanMetricName(e.nameFile);
    if (suffix === "" || (nameCounts.get(nameKey(e)) ?? 0) > 1) suffix = cleanMetricName(basename(e.dir));
    return `${e.baseName}_${suffix}`;
  });
}

/** Chip directories under class/hwmon: directories, or links to directories. */
export function listHwmonDirs(classDir: string): string[] {
  const dirs: string[] = [];
  for (const entry of listDir(classDir)) {
    const p = join(classDir, entry);
    try {
      let st = lstatPath(p);
      if (st.isSymbolicLink()) st = statPath(p);
      if (st.isDirectory()) dirs.push(p);
    } catch {
      // vanished or dangling: skipped as upstream does
    }
  }
  return dirs;
}
