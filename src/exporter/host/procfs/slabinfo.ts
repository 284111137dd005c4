// /proc/slabinfo version 2.1: "name active_objs num_objs objsize objperslab
// pagesperslab : tunables limit batchcount sharedfactor : slabdata
// active_slabs num_slabs sharedavail", after a version line and a header.

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface Slab {
  name: string;
  objActive: number;
  objNum: number;
  objSize: number;
  objPerSlab: number;
  pagesPerSlab: number;
}

function int(s: string, what: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`${what} is not an integer: "${s}"`);
  return Number(s);
}

export function parseSlabinfo(text: string): Slab[] {
  const out: Slab[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((line, i) => {
    if (line.includes("slabinfo -") || line.includes("# name")) return;
    const s = line.replace(/\s+/g, " ").split(" ");
    if (s.length !== 16) throw new Error(`line ${i + 1}: unable to parse: "${line}"`);
    try {
      for (const [col, what] of [[8, "limit"], [9, "batchcount"], [10, "sharedfactor"], [13, "active_slabs"], [14, "num_slabs"], [15, "sharedavail"]] as const) {
        int(s[col], what);
      }
      out.push({
        name: s[0],
        objActive: int(s[1], "active_objs"),
        objNum: int(s[2], "num_objs"),
        objSize: int(s[3], "objsize"),
        objPerSlab: int(s[4], "objperslab"),
        pagesPerSlab: int(s[5], "pagesperslab"),
      });
    } catch (err) {
      throw new Error(`line ${i + 1}: ${(err as Error).message}`, { cause: err });
    }
  });
  return out;
}

export function readSlabinfo(paths: Paths): Slab[] {
  return readParsed(paths.proc("slabinfo"), parseSlabinfo);
}
