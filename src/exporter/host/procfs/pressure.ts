// /proc/pressure/{cpu,io,memory} (PSI, Linux >= 4.20):
//   some avg10=0.00 avg60=0.00 avg300=0.00 total=14036781
//   full avg10=0.00 avg60=0.00 avg300=0.00 total=10512327

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface PsiLine {
  avg10: number;
  avg60: number;
  avg300: number;
  /** Microseconds. */
  total: number;
}

export interface PsiStats {
  some?: PsiLine;
  full?: PsiLine;
}

const LINE_RE = /^(some|full)\s+avg10=(\S+)\s+avg60=(\S+)\s+avg300=(\S+)\s+total=(\d+)/;

export function parsePsi(text: string): PsiStats {
  const out: PsiStats = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const prefix = lines[i].split(" ")[0];
    if (prefix !== "some" && prefix !== "full") continue;
    const m = LINE_RE.exec(lines[i]);
    const nums = m ? [m[2], m[3], m[4]].map(Number) : [];
    if (!m || nums.some(Number.isNaN)) throw new Error(`line ${i + 1}: cannot parse "${lines[i]}"`);
    out[prefix] = { avg10: nums[0], avg60: nums[1], avg300: nums[2], total: Number(m[5]) };
  }
  return out;
}

export function readPsi(paths: Paths, resource: string): PsiStats {
  return readParsed(paths.proc("pressure", resource), parsePsi);
}
