// /proc/meminfo, turned into node_exporter's field names:
//   MemTotal:       16316152 kB   -> MemTotal_bytes = 16316152 * 1024
//   Active(anon):    1290528 kB   -> Active_anon_bytes
//   HugePages_Total:       0      -> HugePages_Total (no unit, kept as is)

import { parseGoFloat } from "../../../go/format-float.ts";
import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

/** "Active(anon)" -> "Active_anon": node_exporter's (greedy) parenthesis rewrite. */
export function meminfoKey(raw: string): string {
  const open = raw.indexOf("(");
  const close = raw.lastIndexOf(")");
  if (open === -1 || close < open) return raw;
  return `${raw.slice(0, open)}_${raw.slice(open + 1, close)}${raw.slice(close + 1)}`;
}

/** Field name to value, in file order; a repeated field keeps its last value. */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i].split(/\s+/).filter((p) => p !== "");
    // Some kernels (CentOS 6.2, 3.10.90) emit empty lines.
    if (parts.length === 0) continue;
    if (parts.length < 2 || parts.length > 3) throw new Error(`line ${i + 1}: invalid line in meminfo: "${lines[i]}"`);
    let value = parseGoFloat(parts[1]);
    if (value === undefined) throw new Error(`line ${i + 1}: invalid value in meminfo: "${parts[1]}"`);
    // node_exporter drops the last character, which is the ':' in every real file.
    let key = meminfoKey(parts[0].slice(0, -1));
    if (parts.length === 3) {
      // The only unit the kernel uses here is kB.
      value *= 1024;
      key += "_bytes";
    }
    out.set(key, value);
  }
  return out;
}

export function readMeminfo(paths: Paths): Map<string, number> {
  return readParsed(paths.proc("meminfo"), parseMeminfo);
}
