// Connection tracking: /proc/sys/net/netfilter/nf_conntrack_{count,max} and
// the per-CPU hex counters of /proc/net/stat/nf_conntrack.

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";
import { readUintFile } from "./uint-file.ts";

export interface ConntrackStat {
  found: number;
  invalid: number;
  ignore: number;
  insert: number;
  insertFailed: number;
  drop: number;
  earlyDrop: number;
  searchRestart: number;
}

/**
 * Sums the per-CPU lines (after the header). Columns: entries searched found
 * new invalid ignore delete delete_list insert insert_failed drop early_drop
 * icmp_error expect_new expect_create expect_delete [search_restart].
 */
export function parseConntrackStat(text: string): ConntrackStat {
  const sum: ConntrackStat = { found: 0, invalid: 0, ignore: 0, insert: 0, insertFailed: 0, drop: 0, earlyDrop: 0, searchRestart: 0 };
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === "" && i === lines.length - 1) break;
    const fields = lines[i].trim().split(/\s+/).filter((f) => f !== "");
    const values = fields.map((f) => {
      if (!/^[0-9a-fA-F]+$/.test(f)) throw new Error(`line ${i + 1}: not a hex number: "${f}"`);
      return Number.parseInt(f, 16);
    });
    if (values.length < 16 || values.length > 17) {
      throw new Error(`line ${i + 1}: invalid conntrackstat entry, invalid number of fields: ${values.length}`);
    }
    sum.found += values[2];
    sum.invalid += values[4];
    sum.ignore += values[5];
    sum.insert += values[8];
    sum.insertFailed += values[9];
    sum.drop += values[10];
    sum.earlyDrop += values[11];
    // Linux < 2.6.35 has no search_restart column.
    if (values.length === 17) sum.searchRestart += values[16];
  }
  return sum;
}

/** Throws the read error untouched, so callers can tell ENOENT (module not loaded). */
export function readConntrackCount(paths: Paths, which: "nf_conntrack_count" | "nf_conntrack_max"): number {
  return readUintFile(paths.proc("sys", "net", "netfilter", which));
}

export function readConntrackStat(paths: Paths): ConntrackStat {
  return readParsed(paths.proc("net", "stat", "nf_conntrack"), parseConntrackStat);
}
