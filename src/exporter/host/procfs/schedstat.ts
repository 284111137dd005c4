// /proc/schedstat, the per-CPU lines (version 15 layout):
//   cpu0 0 0 0 0 0 0 2045936778163039 343796328169361 4767485306
// The last three numbers are the nanoseconds spent running, nanoseconds
// spent waiting and the number of timeslices run. Other lines (version,
// timestamp, domainN) are ignored.

import { readText } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface SchedstatCpu {
  cpu: string;
  runningNanoseconds: number;
  waitingNanoseconds: number;
  timeslices: number;
}

// Unanchored and matching the first nine numbers only, like procfs.
const CPU_LINE_RE = /cpu(\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/;
const UINT64_MAX = 18446744073709551615n;

function fitsUint64(digits: string): boolean {
  return digits.length < 20 || (digits.length === 20 && BigInt(digits) <= UINT64_MAX);
}

export function parseSchedstat(text: string): SchedstatCpu[] {
  const out: SchedstatCpu[] = [];
  for (const line of text.split("\n")) {
    if (!line.includes("cpu")) continue;
    const m = CPU_LINE_RE.exec(line);
    if (!m) continue;
    // procfs drops a line whose counters overflow uint64.
    if (!fitsUint64(m[8]) || !fitsUint64(m[9]) || !fitsUint64(m[10])) continue;
    out.push({ cpu: m[1], runningNanoseconds: Number(m[8]), waitingNanoseconds: Number(m[9]), timeslices: Number(m[10]) });
  }
  return out;
}

export function readSchedstat(paths: Paths): SchedstatCpu[] {
  return parseSchedstat(readText(paths.proc("schedstat")));
}
