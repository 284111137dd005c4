// /proc/swaps: a header line, then "filename type size used priority" per
// swap area, sizes in KiB. As procfs's Swaps parses it.

import { parseGoAtoi } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";
import { readParsed } from "../host-fs.ts";

export interface SwapArea {
  filename: string;
  type: string;
  sizeKiB: number;
  usedKiB: number;
  priority: number;
}

export function parseSwaps(text: string): SwapArea[] {
  const lines = text.split("\n").slice(1);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((line, i) => {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) throw new Error(`line ${i + 2}: too few fields in swap string: ${line}`);
    const int = (v: string, what: string) => {
      const n = parseGoAtoi(v);
      if (n === undefined) throw new Error(`line ${i + 2}: invalid swap ${what}: ${v}`);
      return n;
    };
    return { filename: f[0], type: f[1], sizeKiB: int(f[2], "size"), usedKiB: int(f[3], "used"), priority: int(f[4], "priority") };
  });
}

export function readSwaps(paths: Paths): SwapArea[] {
  return readParsed(paths.proc("swaps"), parseSwaps);
}
