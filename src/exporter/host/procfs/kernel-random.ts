// /proc/sys/kernel/random/{entropy_avail,poolsize}: one unsigned integer each.

import { readParsedIfExists } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface KernelRandom {
  /** undefined when the kernel does not have the file. */
  entropyAvailable?: number;
  poolSize?: number;
}

const UINT_RE = /^\d+$/;

export function parseUintValue(text: string): number {
  const t = text.trim();
  if (!UINT_RE.test(t)) throw new Error(`not an unsigned integer: "${t}"`);
  return Number(t);
}

export function readKernelRandom(paths: Paths): KernelRandom {
  return {
    entropyAvailable: readParsedIfExists(paths.proc("sys/kernel/random/entropy_avail"), parseUintValue),
    poolSize: readParsedIfExists(paths.proc("sys/kernel/random/poolsize"), parseUintValue),
  };
}
