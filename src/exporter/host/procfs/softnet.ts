// /proc/net/softnet_stat: one line per CPU of hexadecimal 32-bit counters.
// Columns 1-3 and 9 are processed, dropped, time_squeeze and cpu_collision;
// newer kernels add received_rps (10), flow_limit_count (11), and
// backlog length and CPU index (12, 13). Without the index column the line
// number is the CPU.

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface SoftnetStat {
  processed: number;
  dropped: number;
  timeSqueezed: number;
  cpuCollision: number;
  receivedRps: number;
  flowLimitCount: number;
  backlogLen: number;
  index: number;
}

const MIN_COLUMNS = 9;
const HEX_RE = /^[0-9a-fA-F]{1,8}$/;

function hex32(s: string, lineNo: number, column: number): number {
  // Leading zeros are fine; more than 32 bits is not.
  const digits = s.replace(/^0+(?=.)/, "");
  if (!HEX_RE.test(digits)) throw new Error(`line ${lineNo}: column ${column}: not a 32-bit hex number: "${s}"`);
  return parseInt(digits, 16);
}

export function parseSoftnet(text: string): SoftnetStat[] {
  const out: SoftnetStat[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const cols = lines[i].split(/\s+/).filter((c) => c !== "");
    if (cols.length < MIN_COLUMNS) {
      throw new Error(`line ${lineNo}: detected ${cols.length} columns, but expected at least ${MIN_COLUMNS}`);
    }
    const h = (c: number) => hex32(cols[c], lineNo, c + 1);
    for (let c = 0; c < MIN_COLUMNS; c++) h(c);
    out.push({
      processed: h(0),
      dropped: h(1),
      timeSqueezed: h(2),
      cpuCollision: h(8),
      receivedRps: cols.length >= 10 ? h(9) : 0,
      flowLimitCount: cols.length >= 11 ? h(10) : 0,
      backlogLen: cols.length >= 13 ? h(11) : 0,
      index: cols.length >= 13 ? h(12) : i,
    });
  }
  return out;
}

export function readSoftnet(paths: Paths): SoftnetStat[] {
  return readParsed(paths.proc("net/softnet_stat"), parseSoftnet);
}
