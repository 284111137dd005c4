// node_exporter's readUintFromFile: a file holding one unsigned decimal
// (/proc/sys/..., /sys/kernel/mm/ksm/...), surrounding white space allowed.

import { readParsed } from "../host-fs.ts";

export function parseUintFile(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new Error(`not an unsigned integer: "${t}"`);
  return Number(t);
}

/** Throws the read error untouched, so callers can tell ENOENT; a parse error names the file. */
export function readUintFile(file: string): number {
  return readParsed(file, parseUintFile);
}
