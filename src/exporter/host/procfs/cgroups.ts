// /proc/cgroups: "#subsys_name hierarchy num_cgroups enabled" and one line per controller.

import { readParsed } from "../host-fs.ts";
import { parseGoAtoi } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

export interface CgroupSummary {
  subsysName: string;
  hierarchy: number;
  cgroups: number;
  enabled: number;
}

export function parseCgroupSummaries(text: string): CgroupSummary[] {
  const out: CgroupSummary[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((line, i) => {
    if (line.startsWith("#")) return;
    const f = line.trim().split(/\s+/).filter((x) => x !== "");
    if (f.length < 4) throw new Error(`line ${i + 1}: 4+ fields required, found ${f.length}: "${line}"`);
    const num = (j: number, what: string) => {
      const v = parseGoAtoi(f[j]);
      if (v === undefined) throw new Error(`line ${i + 1}: unable to parse ${what} from "${f[j]}"`);
      return v;
    };
    out.push({ subsysName: f[0], hierarchy: num(1, "hierarchy ID"), cgroups: num(2, "Cgroup Num"), enabled: num(3, "Enabled") });
  });
  return out;
}

export function readCgroupSummaries(paths: Paths): CgroupSummary[] {
  return readParsed(paths.proc("cgroups"), parseCgroupSummaries);
}
