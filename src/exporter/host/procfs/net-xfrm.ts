// /proc/net/xfrm_stat: "XfrmInError   0", one counter a line.

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export function parseXfrmStat(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((line, i) => {
    const f = line.trim().split(/\s+/).filter((x) => x !== "");
    if (f.length !== 2) throw new Error(`line ${i + 1}: want "name value": "${line}"`);
    if (!/^[+-]?\d+$/.test(f[1])) throw new Error(`line ${i + 1}: ${f[0]} is not an integer: "${f[1]}"`);
    out.set(f[0], Number(f[1]));
  });
  return out;
}

export function readXfrmStat(paths: Paths): Map<string, number> {
  return readParsed(paths.proc("net", "xfrm_stat"), parseXfrmStat);
}
