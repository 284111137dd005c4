// ZFS on Linux kstats under /proc/spl/kstat/zfs, read as node_exporter
// 1.12.1's zfs collector does: the named kstat files ("name type data"
// tables), per-pool io (a header row and a value row), objset-* (per
// dataset tables) and state (one word). A value that does not parse costs
// that field only (reported through skipField): newer ZFS releases add and
// retype fields, and one of them must not hide the rest.

import { parseGoInt64 } from "../../../go/strconv.ts";

const KSTAT_INT64 = "3";
const KSTAT_UINT64 = "4";

export const ZPOOL_STATES = ["online", "degraded", "faulted", "offline", "removed", "unavail", "suspended"] as const;

/** Called with a message naming the kstat key of each value that is left out. */
export type SkipField = (message: string) => void;

export interface KstatValue {
  name: string;
  value: number;
}

/** strconv.ParseUint(s, 10, 64); short inputs skip the BigInt round trip. */
export function parseKstatUint(s: string): number | undefined {
  if (s.length === 0 || s.length > 20) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  if (s.length <= 15) return Number(s);
  const b = BigInt(s);
  return b > 0xffffffffffffffffn ? undefined : Number(b);
}

function fields(line: string): string[] {
  const t = line.trim();
  return t === "" ? [] : t.split(/\s+/);
}

/**
 * The rows of three or more fields after a "name type data" header line;
 * undefined when the text has no such header.
 */
function kstatRows(text: string): { parts: string[]; line: string }[] | undefined {
  const rows: { parts: string[]; line: string }[] = [];
  let parsing = false;
  for (const line of text.split("\n")) {
    const parts = fields(line);
    if (!parsing && parts.length === 3 && parts[0] === "name" && parts[1] === "type" && parts[2] === "data") {
      parsing = true;
      continue;
    }
    if (parsing && parts.length >= 3) rows.push({ parts, line });
  }
  return parsing ? rows : undefined;
}

/**
 * A "name type data" kstat table: the int64 and uint64 rows. file names the
 * kstat (e.g. "arcstats") in errors, which carry the sysctl-style key.
 */
export function parseKstatTable(text: string, file: string, skipField: SkipField): KstatValue[] {
  const rows = kstatRows(text);
  if (rows === undefined) throw new Error(`did not parse a single "${file}" metric`);
  const out: KstatValue[] = [];
  for (const { parts } of rows) {
    const signed = parts[1] === KSTAT_INT64;
    if (!signed && parts[1] !== KSTAT_UINT64) continue;
    // int64 rows go negative: arcstats' memory_available_bytes since OpenZFS 2.0.
    const value = signed ? parseGoInt64(parts[2]) : parseKstatUint(parts[2]);
    if (value === undefined) {
      skipField(
        `could not parse expected ${signed ? "signed" : "unsigned"} integer value for "kstat.zfs.misc.${file}.${parts[0]}"`,
      );
      continue;
    }
    out.push({ name: parts[0], value });
  }
  return out;
}

/** A pool's io kstat: the header row starting with nread, then value rows. */
export function parseZpoolIo(text: string, skipField: SkipField): KstatValue[] {
  const out: KstatValue[] = [];
  let header: string[] | undefined;
  for (const line of text.split("\n")) {
    const parts = fields(line);
    if (!header) {
      if (parts.length >= 12 && parts[0] === "nread") header = parts;
      continue;
    }
    // bufio.Scanner yields no line after a final newline; split does.
    if (line === "") continue;
    for (let i = 0; i < header.length; i++) {
      const key = `kstat.zfs.misc.io.${header[i]}`;
      const value = i < parts.length ? parseKstatUint(parts[i]) : undefined;
      if (value === undefined) {
        skipField(`could not parse expected integer value for "${key}"`);
        continue;
      }
      out.push({ name: header[i], value });
    }
  }
  return out;
}

export interface ObjsetValue extends KstatValue {
  dataset: string;
}

/** An objset-* kstat: dataset_name, then the dataset's uint64 rows. */
export function parseZpoolObjset(text: string, skipField: SkipField): ObjsetValue[] {
  const out: ObjsetValue[] = [];
  let dataset = "";
  const rows = kstatRows(text);
  // Upstream's message names the dataset, which is still "" without a header.
  if (rows === undefined) throw new Error(`did not parse a single ${dataset} metric`);
  for (const { parts, line } of rows) {
    if (parts[0] === "dataset_name") {
      // The rest of the line from the data column: names may hold spaces (node_exporter 1.10).
      dataset = datasetColumn(line, parts).replace(/\r$/, "");
      continue;
    }
    if (parts[1] === KSTAT_UINT64) {
      const value = parseKstatUint(parts[2]);
      if (value === undefined) {
        skipField(`could not parse expected integer value for "kstat.zfs.misc.objset.${parts[0]}"`);
        continue;
      }
      out.push({ dataset, name: parts[0], value });
    }
  }
  return out;
}

/** The line from its third field on; the first two are skipped so that a short name cannot match inside them. */
function datasetColumn(line: string, parts: string[]): string {
  const afterType = line.indexOf(parts[1], line.indexOf(parts[0]) + parts[0].length) + parts[1].length;
  return line.slice(line.indexOf(parts[2], afterType));
}

/** The pool's state, lower-cased, from the first line. */
export function parseZpoolState(text: string): string {
  const nl = text.indexOf("\n");
  return (nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, "").toLowerCase();
}
