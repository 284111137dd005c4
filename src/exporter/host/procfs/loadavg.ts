// /proc/loadavg: "0.02 0.04 0.05 1/497 12345"

import { readText } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface LoadAvg {
  load1: number;
  load5: number;
  load15: number;
}

export function parseLoadavg(text: string): LoadAvg {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 3) throw new Error(`loadavg: want at least 3 fields, got ${fields.length}: "${text.trim()}"`);
  const [load1, load5, load15] = fields.slice(0, 3).map((f, i) => {
    const v = Number(f);
    if (f === "" || Number.isNaN(v)) throw new Error(`loadavg: field ${i + 1} is not a number: "${f}"`);
    return v;
  });
  return { load1, load5, load15 };
}

export function readLoadavg(paths: Paths): LoadAvg {
  const file = paths.proc("loadavg");
  try {
    return parseLoadavg(readText(file));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
}
