// /sys/devices/system/cpu: the CPU directories (cpu0, cpu1, ...), CPU range
// lists (isolated, offline), cpufreq and thermal_throttle attributes.

import { isNotFound, listDirIfExists, parseFileText, readParsedIfExists, readText, statPath } from "../host-fs.ts";
import { join } from "node:path";
import type { Paths } from "../../paths.ts";

/** Full paths of cpu[0-9]* under devices/system/cpu, sorted by name like Go's filepath.Glob. */
export function cpuDirs(paths: Paths): string[] {
  const base = paths.sys("devices/system/cpu");
  return listDirIfExists(base)
    .filter((n) => n.length > 3 && n.startsWith("cpu") && n.charCodeAt(3) >= 48 && n.charCodeAt(3) <= 57)
    .map((n) => join(base, n));
}

/** The CPU number of a cpuN directory path. */
export function cpuNumber(dir: string): string {
  const base = dir.slice(dir.lastIndexOf("/") + 1);
  return base.startsWith("cpu") ? base.slice(3) : base;
}

/**
 * cpuN/online of every CPU, "1" meaning online, as procfs's CPU.Online; an
 * unreadable file counts as offline. undefined when cpu0 has no such file
 * (the kernel cannot take CPUs offline), so nothing is reported.
 */
export function readCpusOnline(paths: Paths): Map<string, boolean> | undefined {
  const dirs = cpuDirs(paths);
  const state = (dir: string): boolean | undefined => {
    try {
      return readText(join(dir, "online")).trim() === "1";
    } catch (err) {
      return isNotFound(err) ? undefined : false;
    }
  };
  if (dirs.length === 0 || state(dirs[0]) === undefined) return undefined;
  return new Map(dirs.map((d) => [cpuNumber(d), state(d) ?? false]));
}

const INT_RE = /^[+-]?\d+$/;

/** A kernel CPU list such as "1,3-5,9" (cpulist format), expanded. */
export function parseCpuRange(text: string): number[] {
  const out: number[] = [];
  for (const part of text.replace(/\n+$/, "").split(",")) {
    if (part === "") continue;
    if (part.includes("-")) {
      const bounds = part.split("-");
      if (bounds.length !== 2) throw new Error(`invalid cpu range: ${part}`);
      if (!INT_RE.test(bounds[0])) throw new Error(`invalid cpu start range: "${bounds[0]}"`);
      if (!INT_RE.test(bounds[1])) throw new Error(`invalid cpu end range: "${bounds[1]}"`);
      for (let i = Number(bounds[0]); i <= Number(bounds[1]); i++) out.push(i);
      continue;
    }
    if (!INT_RE.test(part)) throw new Error(`invalid cpu number: "${part}"`);
    out.push(Number(part));
  }
  return out;
}

/** The isolated CPUs, or undefined when the kernel has no such file. */
export function readIsolatedCpus(paths: Paths): number[] | undefined {
  return readParsedIfExists(paths.sys("devices/system/cpu/isolated"), parseCpuRange);
}

const UINT_RE = /^\d+$/;

/** A sysfs file holding one unsigned integer (procfs' ReadUintFromFile). */
export function readUintFile(path: string): number {
  const text = readText(path).trim();
  if (!UINT_RE.test(text)) throw new Error(`${path}: not an unsigned integer: "${text}"`);
  return Number(text);
}

/** Like readUintFile, but undefined when the file is absent or unreadable. */
function readOptionalUint(path: string): number | undefined {
  try {
    return readUintFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES" || code === "EPERM") return undefined;
    throw err;
  }
}

/** Frequencies in kHz, as sysfs gives them. */
export interface Cpufreq {
  name: string;
  cpuinfoCurFreq?: number;
  /** cpuinfo_avg_freq (Linux 6.13+), read since node_exporter 1.12. */
  cpuinfoAvgFreq?: number;
  cpuinfoMinFreq?: number;
  cpuinfoMaxFreq?: number;
  scalingCurFreq?: number;
  scalingMinFreq?: number;
  scalingMaxFreq?: number;
  availableGovernors: string;
  governor: string;
}

function readAttribute(path: string): string {
  // A sysfs attribute is short; procfs reads at most 128 bytes of it.
  return readText(path).slice(0, 128).trim();
}

function readCpufreqDir(dir: string, name: string): Cpufreq {
  const f = (n: string) => readOptionalUint(join(dir, n));
  const out: Cpufreq = {
    name,
    cpuinfoCurFreq: f("cpuinfo_cur_freq"),
    cpuinfoAvgFreq: f("cpuinfo_avg_freq"),
    cpuinfoMaxFreq: f("cpuinfo_max_freq"),
    cpuinfoMinFreq: f("cpuinfo_min_freq"),
    scalingCurFreq: f("scaling_cur_freq"),
    scalingMaxFreq: f("scaling_max_freq"),
    scalingMinFreq: f("scaling_min_freq"),
    availableGovernors: readAttribute(join(dir, "scaling_available_governors")),
    governor: "",
  };
  // procfs requires these to exist even though node_exporter only uses the governors.
  readAttribute(join(dir, "scaling_driver"));
  out.governor = readAttribute(join(dir, "scaling_governor"));
  readAttribute(join(dir, "related_cpus"));
  readAttribute(join(dir, "scaling_setspeed"));
  return out;
}

/**
 * cpufreq of every online CPU that has a cpufreq directory. Throws when the
 * offline list is missing or a cpufreq attribute cannot be read, as procfs'
 * SystemCpufreq does; throws a not-found error when there are no CPUs at all.
 */
export function readSystemCpufreq(paths: Paths): Cpufreq[] {
  let dirs = cpuDirs(paths);
  const offlineFile = paths.sys("devices/system/cpu/offline");
  const offlineText = readText(offlineFile);
  if (offlineText.trim() !== "") {
    const offline = parseFileText(offlineFile, offlineText, parseCpuRange);
    if (offline.length > 0) {
      const set = new Set(offline);
      dirs = dirs.filter((d) => {
        const n = cpuNumber(d);
        if (!UINT_RE.test(n)) throw new Error(`${d}: not a CPU number: "${n}"`);
        return !set.has(Number(n));
      });
    }
  }
  if (dirs.length === 0) {
    const err = new Error(`could not find any cpufreq files under ${paths.sys("devices/system/cpu")}`) as NodeJS.ErrnoException;
    err.code = "ENOENT";
    throw err;
  }
  const out: Cpufreq[] = [];
  for (const d of dirs) {
    const freqDir = join(d, "cpufreq");
    try {
      statPath(freqDir);
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
    out.push(readCpufreqDir(freqDir, cpuNumber(d)));
  }
  return out;
}
