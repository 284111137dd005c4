// /sys/devices/system/edac/mc/mc<N>/: memory controller error counters, and
// per chip-select row counters in csrow<M>/.

import { listDirIfExists, readText } from "../host-fs.ts";
import { join } from "node:path";
import { parseGoUint64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

const CONTROLLER_RE = /.*devices\/system\/edac\/mc\/mc([0-9]*)/;
const CSROW_RE = /.*devices\/system\/edac\/mc\/mc[0-9]*\/csrow([0-9]*)/;
const MC_GLOB = /^mc[0-9]/;
const CSROW_GLOB = /^csrow[0-9]/;

/** node_exporter's readUintFromFile: one decimal, white space around it allowed. */
export function readEdacCount(file: string): number {
  const text = readText(file).trim();
  const v = parseGoUint64(text);
  if (v === undefined) throw new Error(`${file}: not an unsigned integer: "${text}"`);
  return v;
}

const CHANNEL_RE = /ch([0-9]+)_ce_count/;

/** A DIMM label as node_exporter 1.12 shows it: "mc#0csrow#1channel#0" -> "mc0_csrow1_channel0". */
export function cleanDimmLabel(raw: string): string {
  return raw.trim().replaceAll("#", "").replaceAll("csrow", "_csrow").replaceAll("channel", "_channel");
}

export interface EdacChannel {
  number: string;
  /** ch<N>_dimm_label cleaned, or "unknown" when it cannot be read. */
  dimmLabel: string;
}

/** The channels of a csrow: every ch<N>_ce_count file, in name order. */
export function listEdacChannels(csrowDir: string): EdacChannel[] {
  return listDirIfExists(csrowDir)
    .filter((n) => n.startsWith("ch") && n.endsWith("_ce_count"))
    .flatMap((n) => {
      const m = CHANNEL_RE.exec(n);
      if (!m) return [];
      let dimmLabel = "unknown";
      try {
        dimmLabel = cleanDimmLabel(readText(join(csrowDir, `ch${m[1]}_dimm_label`)));
      } catch {
        // No label file: the driver does not name its DIMMs.
      }
      return [{ number: m[1], dimmLabel }];
    });
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
