// /proc/vmstat: one "name value" pair per line.
//   nr_free_pages 1234
//   pgfault 987654

import { parseGoFloat } from "../../../go/format-float.ts";
import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";
import { eachLineFirstTwoFields } from "./space-separated-fields.ts";

export interface VmstatField {
  name: string;
  value: number;
}

export function parseVmstat(text: string): VmstatField[] {
  const out: VmstatField[] = [];
  scanVmstat(text, (name, value) => out.push({ name, value }));
  return out;
}

/**
 * parseVmstat without the list: visit(name, value) for each line, in order.
 * It walks the text in place rather than splitting it into lines and
 * fields, and reads a plain decimal value from its digits, so that a
 * scrape makes one string per field (its name) and no arrays or objects:
 * vmstat's collector allocated 86 KB per scrape before; see the collector.
 */
export function scanVmstat(text: string, visit: (name: string, value: number) => void): void {
  eachLineFirstTwoFields(text, ({ line, keyStart, keyEnd, valueStart, valueEnd }) => {
    if (keyStart === keyEnd) return;
    const name = text.slice(keyStart, keyEnd);
    if (valueStart === valueEnd) throw new Error(`line ${line}: no value for "${name}"`);
    let value = plainDecimal(text, valueStart, valueEnd);
    if (value === undefined) {
      const field = text.slice(valueStart, valueEnd);
      value = parseGoFloat(field);
      if (value === undefined) throw new Error(`line ${line}: ${name}: not a number: "${field}"`);
    }
    visit(name, value);
  });
}

/**
 * The value of text[start, end) when it is 1 to 15 decimal digits (exact in
 * a double, and what parseGoFloat makes of them); undefined otherwise.
 */
function plainDecimal(text: string, start: number, end: number): number | undefined {
  if (end - start > 15) return undefined;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return v;
}

/** scanVmstat of /proc/vmstat. */
export function scanVmstatFile(paths: Paths, visit: (name: string, value: number) => void): void {
  readParsed(paths.proc("vmstat"), (text) => scanVmstat(text, visit));
}
