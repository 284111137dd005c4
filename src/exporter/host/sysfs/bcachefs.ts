// /sys/fs/bcachefs/<uuid>/: one folder per mounted bcachefs file system, with
// human-readable sizes ("2.05G", "62.5k"), a few small tables and one folder
// per member device (dev-<n>). As procfs's bcachefs package reads it: absent
// files are empty, anything malformed fails that file system's read.

import { parseGoFloat } from "../../../go/format-float.ts";
import { parseGoUint64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";
import { isDirectory, listDir, readParsedIfExists, sysReadFileIfExists } from "../host-fs.ts";

export interface BcachefsCompression {
  compressedBytes: number;
  uncompressedBytes: number;
}

export interface BcachefsDevice {
  label: string;
  state: string;
  bucketSizeBytes: number;
  buckets: number;
  durability: number;
  /** operation (read, write) -> data type -> bytes */
  ioDone: Map<string, Map<string, number>>;
  /** Errors since the file system was created, by type. */
  ioErrors: Map<string, number>;
}

export interface BcachefsStats {
  uuid: string;
  btreeCacheSizeBytes: number;
  compression: Map<string, BcachefsCompression>;
  /** error type -> count */
  errors: Map<string, number>;
  /** counter name -> value since file system creation */
  counters: Map<string, number>;
  btreeWrites: Map<string, { count: number; sizeBytes: number }>;
  devices: Map<string, BcachefsDevice>;
}

const UNIT_SHIFT: Record<string, number> = { k: 10, m: 20, g: 30, t: 40, p: 50, e: 60 };

/** A size as bcachefs prints it ("2.05G", "720"): binary units, truncated to an integer. */
export function parseHumanBytes(text: string): number {
  let s = text.trim();
  if (s === "") throw new Error("empty size");
  let multiplier = 1;
  const shift = UNIT_SHIFT[s[s.length - 1].toLowerCase()];
  if (shift !== undefined) {
    multiplier = 2 ** shift;
    s = s.slice(0, -1).trim();
  }
  const v = parseGoFloat(s);
  if (v === undefined) throw new Error(`not a size: "${text}"`);
  return Math.trunc(v * multiplier);
}

function uint(text: string, what: string): number {
  const v = parseGoUint64(text);
  if (v === undefined) throw new Error(`${what}: not an unsigned integer: "${text}"`);
  return v;
}

/** compression_stats: a header line, then "<algorithm> <compressed> <uncompressed> [<average extent>]". */
export function parseCompressionStats(text: string): Map<string, BcachefsCompression> {
  const out = new Map<string, BcachefsCompression>();
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    const algorithm = f[0].endsWith(":") ? f[0].slice(0, -1) : f[0];
    out.set(algorithm, { compressedBytes: parseHumanBytes(f[1]), uncompressedBytes: parseHumanBytes(f[2]) });
    if (f.length >= 4) parseHumanBytes(f[3]);
  }
  return out;
}

/** errors: "<type> <count> [<last time>]" per line. */
export function parseBcachefsErrors(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 2) continue;
    const count = uint(f[1], f[0]);
    if (f.length >= 3) uint(f[2], f[0]);
    out.set(f[0], count);
  }
  return out;
}

/** counters/<name>: "since mount: <n>" and "since filesystem creation: <n>"; the latter, 0 when absent. */
export function parseCounterFile(text: string): number {
  let creation: number | undefined;
  let mount: number | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("since mount:")) mount = parseHumanBytes(line.slice("since mount:".length));
    else if (line.startsWith("since filesystem creation:")) {
      creation = parseHumanBytes(line.slice("since filesystem creation:".length));
    }
  }
  if (creation === undefined && mount === undefined) throw new Error("counter file format not recognized");
  return creation ?? 0;
}

/** btree_write_stats: a header line, then "<type>: <count> <average size>". */
export function parseBtreeWriteStats(text: string): Map<string, { count: number; sizeBytes: number }> {
  const out = new Map<string, { count: number; sizeBytes: number }>();
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    const type = f[0].endsWith(":") ? f[0].slice(0, -1) : f[0];
    out.set(type, { count: uint(f[1], type), sizeBytes: parseHumanBytes(f[2]) });
  }
  return out;
}

/** "<name> : <value>" after its trimmed "<name>:" split at the first colon, or undefined. */
function keyValue(line: string): [string, string] | undefined {
  const i = line.indexOf(":");
  return i < 0 ? undefined : [line.slice(0, i).trim(), line.slice(i + 1).trim()];
}

/** dev-<n>/io_done: "read:" and "write:" sections of "<data type> : <bytes>". */
export function parseIoDone(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  let current: Map<string, number> | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    if (line === "read:" || line === "write:") {
      const op = line.slice(0, -1);
      current = out.get(op) ?? new Map();
      out.set(op, current);
      continue;
    }
    const kv = current && keyValue(line);
    if (current && kv) current.set(kv[0], uint(kv[1], kv[0]));
  }
  return out;
}

/** dev-<n>/io_errors: only the "since filesystem creation" section counts. */
export function parseIoErrors(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let inCreation = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("IO errors since filesystem creation")) {
      inCreation = true;
      continue;
    }
    if (line.startsWith("IO errors since ")) break;
    if (!inCreation || line.trim() === "") continue;
    const kv = keyValue(line.trim());
    if (kv) out.set(kv[0], uint(kv[1], kv[0]));
  }
  return out;
}

function readDevice(dir: string): BcachefsDevice {
  const file = (name: string) => `${dir}/${name}`;
  const bucketSize = sysReadFileIfExists(file("bucket_size"));
  const uintFile = (name: string) => readParsedIfExists(file(name), (t) => uint(t.trim(), name)) ?? 0;
  return {
    label: sysReadFileIfExists(file("label")) ?? "",
    state: sysReadFileIfExists(file("state")) ?? "",
    bucketSizeBytes: bucketSize ? parseHumanBytes(bucketSize) : 0,
    buckets: uintFile("nbuckets"),
    durability: uintFile("durability"),
    ioDone: readParsedIfExists(file("io_done"), parseIoDone) ?? new Map(),
    ioErrors: readParsedIfExists(file("io_errors"), parseIoErrors) ?? new Map(),
  };
}

function readFilesystem(dir: string, uuid: string): BcachefsStats {
  const file = (name: string) => `${dir}/${name}`;
  const counters = new Map<string, number>();
  if (isDirectory(file("counters"))) {
    for (const name of listDir(file("counters"))) {
      const path = file(`counters/${name}`);
      if (isDirectory(path)) continue;
      counters.set(name, readParsedIfExists(path, parseCounterFile) ?? 0);
    }
  }
  const devices = new Map<string, BcachefsDevice>();
  for (const entry of listDir(dir)) {
    if (entry.startsWith("dev-") && isDirectory(file(entry))) devices.set(entry.slice(4), readDevice(file(entry)));
  }
  return {
    uuid,
    btreeCacheSizeBytes: readParsedIfExists(file("btree_cache_size"), (t) => (t.trim() === "" ? 0 : parseHumanBytes(t))) ?? 0,
    compression: readParsedIfExists(file("compression_stats"), parseCompressionStats) ?? new Map(),
    errors: readParsedIfExists(file("errors"), parseBcachefsErrors) ?? new Map(),
    counters,
    btreeWrites: readParsedIfExists(file("btree_write_stats"), parseBtreeWriteStats) ?? new Map(),
    devices,
  };
}

/** Every mounted bcachefs file system. Throws the listing error untouched (ENOENT: none mounted). */
export function readBcachefs(paths: Paths): BcachefsStats[] {
  const base = paths.sys("fs", "bcachefs");
  return listDir(base)
    .filter((uuid) => isDirectory(`${base}/${uuid}`))
    .map((uuid) => readFilesystem(`${base}/${uuid}`, uuid));
}
