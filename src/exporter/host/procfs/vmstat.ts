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
  for (let pos = 0, line = 1; pos < text.length; line++) {
    let stop = text.indexOf("\n", pos);
    if (stop === -1) stop = text.length;
    // The first two white-space separated fields, as split(/\s+/) took them.
    const nameStart = skipSpace(text, pos, stop);
    const nameEnd = skipField(text, nameStart, stop);
    const valueStart = skipSpace(text, nameEnd, stop);
    const valueEnd = skipField(text, valueStart, stop);
    pos = stop + 1;
    if (nameStart === nameEnd) continue;
    const name = text.slice(nameStart, nameEnd);
    if (valueStart === valueEnd) throw new Error(`line ${line}: no value for "${name}"`);
    let value = plainDecimal(text, valueStart, valueEnd);
    if (value === undefined) {
      const field = text.slice(valueStart, valueEnd);
      value = parseGoFloat(field);
      if (value === undefined) throw new Error(`line ${line}: ${name}: not a number: "${field}"`);
    }
    visit(name, value);
  }
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

/** What \s matches, as split(/\s+/) splits at it. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function skipSpace(text: string, pos: number, end: number): number {
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

function skipField(text: string, pos: number, end: number): number {
  while (pos < end && !isSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** scanVmstat of /proc/vmstat. */
export function scanVmstatFile(paths: Paths, visit: (name: string, value: number) => void): void {
  readParsed(paths.proc("vmstat"), (text) => scanVmstat(text, visit));
}
