// /sys/devices/system/edac/mc/mc<N>/: memory controller error counters, and
// per chip-select row counters in csrow<M>/.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGoUint64 } from "../../../go/strconv.ts";
import { listDirIfExists } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

const CONTROLLER_RE = /.*devices\/system\/edac\/mc\/mc([0-9]*)/;
const CSROW_RE = /.*devices\/system\/edac\/mc\/mc[0-9]*\/csrow([0-9]*)/;
const MC_GLOB = /^mc[0-9]/;
const CSROW_GLOB = /^csrow[0-9]/;

/** node_exporter's readUintFromFile: one decimal, white space around it allowed. */
export function readEdacCount(file: string): number {
  const text = readFileSync(file, "latin1").trim();
  const v = parseGoUint64(text);
  if (v === undefined) throw new Error(`${file}: not an unsigned integer: "${text}"`);
  return v;
}

export interface EdacCsrow {
  /** The csrow number, or "" when the directory name has no digits where expected. */
  number: string;
  dir: string;
}

export interface EdacController {
  number: string;
  dir: string;
  csrows: () => EdacCsrow[];
}

/** The controllers, in name order; csrows are listed lazily so a failing controller stops the walk as upstream's does. */
export function listEdacControllers(paths: Paths): EdacController[] {
  const root = paths.sys("devices", "system", "edac", "mc");
  return listDirIfExists(root)
    .filter((n) => MC_GLOB.test(n))
    .map((n) => {
      const dir = join(root, n);
      const m = CONTROLLER_RE.exec(dir);
      if (!m) throw new Error(`controller string didn't match regexp: ${dir}`);
      return {
        number: m[1],
        dir,
        csrows: () =>
          listDirIfExists(dir)
            .filter((c) => CSROW_GLOB.test(c))
            .map((c) => {
              const cdir = join(dir, c);
              const cm = CSROW_RE.exec(cdir);
              if (!cm) throw new Error(`csrow string didn't match regexp: ${cdir}`);
              return { number: cm[1], dir: cdir };
            }),
      };
    });
}
