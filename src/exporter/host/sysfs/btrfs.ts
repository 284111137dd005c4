// /sys/fs/btrfs/<uuid>/: label, devices and space allocation of each
// mounted btrfs filesystem. Read as procfs v0.14's btrfs package does,
// including its error bookkeeping: the reader remembers its last error,
// values read after an error are 0, and each allocation group's result
// replaces that error (so only late errors fail the read).

import { listDir, listDirEntries, listDirIfExists, readText, sysReadFile } from "../host-fs.ts";
import { basename, join } from "node:path";
import { parseGoUint64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

const SECTOR_SIZE = 512;

export interface BtrfsLayoutUsage {
  usedBytes: number;
  totalBytes: number;
  ratio: number;
}

export interface BtrfsAllocationStats {
  reservedBytes: number;
  layouts: Map<string, BtrfsLayoutUsage>;
}

export interface BtrfsStats {
  uuid: string;
  label: string;
  /** Device name to size in bytes. */
  devices: Map<string, number>;
  globalRsvSize: number;
  data: BtrfsAllocationStats;
  metadata: BtrfsAllocationStats;
  system: BtrfsAllocationStats;
  /** From commit_stats (kernel 6.0+; zeros before), since node_exporter 1.9 (#3010). */
  commits: BtrfsCommitStats;
}

export interface BtrfsCommitStats {
  commits: number;
  lastCommitMs: number;
  maxCommitMs: number;
  totalCommitMs: number;
}

const COMMIT_KEYS: Record<string, keyof BtrfsCommitStats> = {
  commits: "commits",
  last_commit_ms: "lastCommitMs",
  max_commit_ms: "maxCommitMs",
  total_commit_ms: "totalCommitMs",
};

export function allocationRatio(layout: string, devCount: number): number {
  switch (layout) {
    case "single":
    case "raid0":
      return 1;
    case "dup":
    case "raid1":
    case "raid10":
      return 2;
    case "raid5":
      return devCount / (devCount - 1);
    case "raid6":
      return devCount / (devCount - 2);
    default:
      return 0;
  }
}

class Reader {
  err: Error | undefined;
  constructor(
    readonly dir: string,
    readonly devCount = 0,
  ) {}

  readFile(name: string): string {
    try {
      return sysReadFile(join(this.dir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.err = err as Error;
      return "";
    }
  }

  readValue(name: string): number {
    const s = this.readFile(name);
    if (this.err) return 0;
    // procfs ignores a parse error: an unparseable value reads as 0.
    return parseGoUint64(s) ?? 0;
  }

  listFiles(sub: string): string[] {
    try {
      return listDir(join(this.dir, sub));
    } catch (err) {
      this.err = err as Error;
      return [];
    }
  }

  readLayouts(): Map<string, BtrfsLayoutUsage> {
    const m = new Map<string, BtrfsLayoutUsage>();
    let entries;
    try {
      entries = listDirEntries(this.dir);
    } catch (err) {
      this.err = err as Error;
      return m;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      m.set(e.name, {
        totalBytes: this.readValue(join(e.name, "total_bytes")),
        usedBytes: this.readValue(join(e.name, "used_bytes")),
        ratio: allocationRatio(e.name, this.devCount),
      });
    }
    return m;
  }

  readAllocation(sub: string): BtrfsAllocationStats {
    const sr = new Reader(join(this.dir, sub), this.devCount);
    const a = { reservedBytes: sr.readValue("bytes_reserved"), layouts: sr.readLayouts() };
    this.err = sr.err;
    return a;
  }

  readCommitStats(): BtrfsCommitStats {
    const stats: BtrfsCommitStats = { commits: 0, lastCommitMs: 0, maxCommitMs: 0, totalCommitMs: 0 };
    let text: string;
    try {
      text = readText(join(this.dir, "commit_stats"));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.err = err as Error;
      return stats;
    }
    for (const line of text.split("\n")) {
      if (line === "") continue;
      const parts = line.trim().split(/\s+/);
      if (parts.length !== 2) {
        this.err = new Error(`invalid commit_stats line "${line}"`);
        return stats;
      }
      const value = parseGoUint64(parts[1]);
      if (value === undefined) {
        this.err = new Error(`error parsing commit_stats line "${line}"`);
        return stats;
      }
      const key = COMMIT_KEYS[parts[0]];
      if (key) stats[key] = value;
    }
    return stats;
  }
}

export function readBtrfsFilesystem(dir: string): BtrfsStats {
  const r = new Reader(dir);
  const devices = new Map<string, number>();
  for (const n of r.listFiles("devices")) devices.set(n, SECTOR_SIZE * r.readValue(`devices/${n}/size`));
  const fs = new Reader(dir, devices.size);
  fs.err = r.err;
  const label = fs.readFile("label");
  const uuid = fs.readFile("metadata_uuid");
  fs.listFiles("features");
  fs.readValue("allocation/global_rsv_reserved");
  const globalRsvSize = fs.readValue("allocation/global_rsv_size");
  const data = fs.readAllocation("allocation/data");
  const metadata = fs.readAllocation("allocation/metadata");
  const system = fs.readAllocation("allocation/system");
  const commits = fs.readCommitStats();
  if (fs.err) throw new Error(`${dir}: ${fs.err.message}`, { cause: fs.err });
  return { uuid: uuid === "" ? basename(dir) : uuid, label, devices, globalRsvSize, data, metadata, system, commits };
}

/** Every filesystem under /sys/fs/btrfs (entries named like a UUID, with a dash). */
export function readBtrfs(paths: Paths): BtrfsStats[] {
  const root = paths.sys("fs", "btrfs");
  return listDirIfExists(root)
    .filter((e) => e.includes("-"))
    .map((e) => readBtrfsFilesystem(join(root, e)));
}
