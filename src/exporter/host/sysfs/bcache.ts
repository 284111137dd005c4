// /sys/fs/bcache/<uuid>/: a cache set, its backing devices (bdev*) and cache
// devices (cache*). Values are "human readable" (e.g. "1.1M", "20.4G") and
// are read the way procfs v0.14 dehumanizes them, quirks included: the
// fraction of "1.5k" is taken as 5/10.24 of a unit.

import { listDirIfExists, parseFileText, readText } from "../host-fs.ts";
import { join } from "node:path";
import type { Paths } from "../../paths.ts";

export interface BcachePeriodStats {
  bypassed: number;
  cacheHits: number;
  cacheMisses: number;
  cacheBypassHits: number;
  cacheBypassMisses: number;
  cacheMissCollisions: number;
  cacheReadaheads: number;
}

export interface WritebackRateDebug {
  rate: number;
  dirty: number;
  target: number;
  proportional: number;
  integral: number;
  change: number;
  nextIO: number;
}

export interface BcacheBdev {
  name: string;
  dirtyData: number;
  writebackRateDebug: WritebackRateDebug;
  total: BcachePeriodStats;
}

export interface BcacheCache {
  name: string;
  ioErrors: number;
  metadataWritten: number;
  written: number;
  priority?: { unusedPercent: number; metadataPercent: number };
}

export interface BcacheStats {
  uuid: string;
  averageKeySize: number;
  btreeCacheSize: number;
  cacheAvailablePercent: number;
  congested: number;
  rootUsagePercent: number;
  treeDepth: number;
  activeJournalEntries: number;
  btreeNodes: number;
  /** The file holds microseconds; procfs keeps the raw number under a nanoseconds name. */
  btreeReadAverageDurationRaw: number;
  cacheReadRaces: number;
  bdevs: BcacheBdev[];
  caches: BcacheCache[];
}

const MULTIPLIERS: Record<string, number> = {
  k: 2 ** 10,
  M: 2 ** 20,
  G: 2 ** 30,
  T: 2 ** 40,
  P: 2 ** 50,
  E: 2 ** 60,
  Z: 2 ** 70,
  Y: 2 ** 80,
};

function goFloat(text: string): number {
  const v = Number(text);
  if (text.trim() === "" || text !== text.trim() || Number.isNaN(v)) throw new Error(`invalid number "${text}"`);
  return v;
}

function parsePseudoFloat(text: string): number {
  const parts = text.split(".");
  const intPart = goFloat(parts[0]);
  if (parts.length === 1) return intPart;
  return intPart + goFloat(parts[1]) / 10.24;
}

/** "1.1M" -> bytes; a plain number is taken as is. Truncates like a Go uint64 conversion. */
export function dehumanize(text: string): number {
  if (text.length === 0) throw new Error("zero-length reply");
  const last = text.charCodeAt(text.length - 1);
  if (last > 57) {
    // An unknown suffix multiplies by zero, as a missing Go map key does.
    const mul = MULTIPLIERS[text[text.length - 1]] ?? 0;
    return Math.trunc(parsePseudoFloat(text.slice(0, -1)) * mul);
  }
  return Math.trunc(goFloat(text));
}

export function dehumanizeSigned(text: string): number {
  const v = dehumanize(text.startsWith("-") ? text.slice(1) : text);
  return text.startsWith("-") ? -v : v;
}

function lastField(line: string): string {
  const f = line.trim().split(/\s+/);
  return f[f.length - 1];
}

export function parseWritebackRateDebug(text: string): WritebackRateDebug {
  const w: WritebackRateDebug = { rate: 0, dirty: 0, target: 0, proportional: 0, integral: 0, change: 0, nextIO: 0 };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    try {
      if (line.startsWith("rate:")) w.rate = dehumanize(lastField(line).replace(/\/sec$/, ""));
      else if (line.startsWith("dirty:")) w.dirty = dehumanize(lastField(line));
      else if (line.startsWith("target:")) w.target = dehumanize(lastField(line));
      else if (line.startsWith("proportional:")) w.proportional = dehumanizeSigned(lastField(line));
      else if (line.startsWith("integral:")) w.integral = dehumanizeSigned(lastField(line));
      else if (line.startsWith("change:")) w.change = dehumanizeSigned(lastField(line).replace(/\/sec$/, ""));
      else if (line.startsWith("next io:")) {
        const v = lastField(line).replace(/ms$/, "");
        if (!/^[+-]?\d+$/.test(v)) throw new Error(`invalid integer "${v}"`);
        w.nextIO = Number(v);
      }
    } catch (err) {
      throw new Error(`line ${i + 1}: ${(err as Error).message}`, { cause: err });
    }
  }
  return w;
}

export function parsePriorityStats(text: string): { unusedPercent: number; metadataPercent: number } {
  const p = { unusedPercent: 0, metadataPercent: 0 };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const key = line.startsWith("Unused:") ? "unusedPercent" : line.startsWith("Metadata:") ? "metadataPercent" : undefined;
    if (!key) continue;
    const v = lastField(line).replace(/%$/, "");
    if (!/^\d+$/.test(v)) throw new Error(`line ${i + 1}: invalid percentage "${v}"`);
    p[key] = Number(v);
  }
  return p;
}

/** A value file; missing files read as 0, as in procfs. */
function readValue(dir: string, name: string): number {
  const file = join(dir, name);
  let text: string;
  try {
    text = readText(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw new Error(`failed to read: ${file}`, { cause: err });
  }
  // procfs drops the last byte, the newline.
  return parseFileText(file, text.slice(0, -1), dehumanize);
}

/** Unlike host-fs's readParsed, both failures carry procfs's own messages (read errors too). */
function readWithProcfsErrors<T>(file: string, parse: (text: string) => T): T {
  let text: string;
  try {
    text = readText(file);
  } catch (err) {
    throw new Error(`failed to read: ${file}`, { cause: err });
  }
  try {
    return parse(text);
  } catch (err) {
    throw new Error(`failed to parse path "${file}": ${(err as Error).message}`, { cause: err });
  }
}

function readPeriod(dir: string): BcachePeriodStats {
  return {
    bypassed: readValue(dir, "bypassed"),
    cacheBypassHits: readValue(dir, "cache_bypass_hits"),
    cacheBypassMisses: readValue(dir, "cache_bypass_misses"),
    cacheHits: readValue(dir, "cache_hits"),
    cacheMissCollisions: readValue(dir, "cache_miss_collisions"),
    cacheMisses: readValue(dir, "cache_misses"),
    cacheReadaheads: readValue(dir, "cache_readaheads"),
  };
}

export function readBcacheSet(dir: string, uuid: string, priorityStats: boolean): BcacheStats {
  const internal = join(dir, "internal");
  const s: BcacheStats = {
    uuid,
    averageKeySize: readValue(dir, "average_key_size"),
    btreeCacheSize: readValue(dir, "btree_cache_size"),
    cacheAvailablePercent: readValue(dir, "cache_available_percent"),
    congested: readValue(dir, "congested"),
    rootUsagePercent: readValue(dir, "root_usage_percent"),
    treeDepth: readValue(dir, "tree_depth"),
    activeJournalEntries: readValue(internal, "active_journal_entries"),
    btreeNodes: readValue(internal, "btree_nodes"),
    btreeReadAverageDurationRaw: readValue(internal, "btree_read_average_duration_us"),
    cacheReadRaces: readValue(internal, "cache_read_races"),
    bdevs: [],
    caches: [],
  };
  // procfs reads these too and fails on bad content even though nobody exports them.
  readPeriod(join(dir, "stats_five_minute"));
  readPeriod(join(dir, "stats_total"));
  const entries = listDirIfExists(dir);
  for (const name of entries.filter((e) => /^bdev[0-9]/.test(e))) {
    const bdir = join(dir, name);
    s.bdevs.push({
      name,
      dirtyData: readValue(bdir, "dirty_data"),
      writebackRateDebug: readWithProcfsErrors(join(bdir, "writeback_rate_debug"), parseWritebackRateDebug),
      total: (readPeriod(join(bdir, "stats_five_minute")), readPeriod(join(bdir, "stats_total"))),
    });
  }
  for (const name of entries.filter((e) => /^cache[0-9]/.test(e))) {
    const cdir = join(dir, name);
    s.caches.push({
      name,
      ioErrors: readValue(cdir, "io_errors"),
      metadataWritten: readValue(cdir, "metadata_written"),
      written: readValue(cdir, "written"),
      priority: priorityStats ? readWithProcfsErrors(join(cdir, "priority_stats"), parsePriorityStats) : undefined,
    });
  }
  return s;
}

/** Every cache set under /sys/fs/bcache (entries named like a UUID, with a dash). */
export function readBcache(paths: Paths, priorityStats: boolean): BcacheStats[] {
  const root = paths.sys("fs", "bcache");
  return listDirIfExists(root)
    .filter((e) => e.includes("-"))
    .map((uuid) => readBcacheSet(join(root, uuid), uuid, priorityStats));
}
