// /proc/vmstat: one "name value" pair per line.
//   nr_free_pages 1234
//   pgfault 987654

import { parseGoFloat } from "../../../go/format-float.ts";
import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface VmstatField {
  name: string;
  value: number;
}

export function parseVmstat(text: string): VmstatField[] {
  const out: VmstatField[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i].split(/\s+/).filter((p) => p !== "");
    if (parts.length === 0) continue;
    if (parts.length < 2) throw new Error(`line ${i + 1}: no value for "${parts[0]}"`);
    const value = parseGoFloat(parts[1]);
    if (value === undefined) throw new Error(`line ${i + 1}: ${parts[0]}: not a number: "${parts[1]}"`);
    out.push({ name: parts[0], value });
  }
  return out;
}

export function readVmstat(paths: Paths): VmstatField[] {
  return readParsed(paths.proc("vmstat"), parseVmstat);
}
