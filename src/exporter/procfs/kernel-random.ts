// /proc/sys/kernel/random/{entropy_avail,poolsize}: one unsigned integer each.

import { readFileSync } from "node:fs";
import { isNotFound } from "../host-fs.ts";
import type { Paths } from "../paths.ts";

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

function readOptionalUint(file: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, "latin1");
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  try {
    return parseUintValue(text);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
}

export function readKernelRandom(paths: Paths): KernelRandom {
  return {
    entropyAvailable: readOptionalUint(paths.proc("sys/kernel/random/entropy_avail")),
    poolSize: readOptionalUint(paths.proc("sys/kernel/random/poolsize")),
  };
}
