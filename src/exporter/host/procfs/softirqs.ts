// /proc/softirqs: a header of CPU names, then one line per softirq type
// with a count per CPU.
//                     CPU0       CPU1
//           HI:          1          0
//        TIMER:     123456     234567

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

/** The types node_exporter exports, in its order; other lines are ignored. */
export const SOFTIRQ_TYPES = ["HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU"] as const;
export type SoftirqType = (typeof SOFTIRQ_TYPES)[number];

const KNOWN = new Set<string>(SOFTIRQ_TYPES);
const UINT_RE = /^\d+$/;

/** Per type, the counts by CPU position. Types absent from the file are absent here. */
export function parseSoftirqs(text: string): Map<SoftirqType, number[]> {
  const lines = text.split("\n");
  if (lines.length === 0 || (lines.length === 1 && lines[0] === "")) throw new Error("softirqs empty");
  const out = new Map<SoftirqType, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const parts = lines[i].split(/\s+/).filter((p) => p !== "");
    if (parts.length < 2 || !parts[0].endsWith(":")) continue;
    const type = parts[0].slice(0, -1);
    if (!KNOWN.has(type)) continue;
    const counts = parts.slice(1).map((c, cpu) => {
      if (!UINT_RE.test(c)) throw new Error(`line ${i + 1}: couldn't parse "${c}" (${type}${cpu})`);
      return Number(c);
    });
    out.set(type as SoftirqType, counts);
  }
  return out;
}

export function readSoftirqs(paths: Paths): Map<SoftirqType, number[]> {
  return readParsed(paths.proc("softirqs"), parseSoftirqs);
}
