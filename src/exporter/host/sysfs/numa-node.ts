// /sys/devices/system/node/nodeN/{meminfo,numastat}:
//   meminfo:  "Node 0 MemTotal:       16316152 kB"
//   numastat: "numa_hit 12345"

import { join } from "node:path";
import { parseGoFloat } from "../../../go/format-float.ts";
import { listDirIfExists, readParsed } from "../host-fs.ts";
import { meminfoKey } from "../procfs/meminfo.ts";
import type { Paths } from "../../paths.ts";

export interface NumaValue {
  /** Field name as exported, e.g. Active_anon or numa_hit_total. */
  name: string;
  node: string;
  value: number;
  type: "gauge" | "counter";
}

/** Both files the same way: each non-blank line trimmed and split on white space. */
function* fieldLines(text: string): Generator<{ lineNo: number; line: string; parts: string[] }> {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line !== "") yield { lineNo: i + 1, line, parts: line.split(/\s+/) };
  }
}

export function parseNodeMeminfo(text: string): NumaValue[] {
  const out: NumaValue[] = [];
  for (const { lineNo, line, parts } of fieldLines(text)) {
    if (parts.length < 4) throw new Error(`line ${lineNo}: invalid line in meminfo: "${line}"`);
    let value = parseGoFloat(parts[3]);
    if (value === undefined) throw new Error(`line ${lineNo}: invalid value in meminfo: "${parts[3]}"`);
    if (parts.length === 5 && parts[4] === "kB") value *= 1024;
    else if (parts.length !== 4) throw new Error(`line ${lineNo}: invalid line in meminfo: "${line}"`);
    out.push({ name: meminfoKey(parts[2].replace(/:+$/, "")), node: parts[1], value, type: "gauge" });
  }
  return out;
}

export function parseNodeNumastat(text: string, node: string): NumaValue[] {
  const out: NumaValue[] = [];
  for (const { lineNo, line, parts } of fieldLines(text)) {
    if (parts.length !== 2) throw new Error(`line ${lineNo}: line scan did not return 2 fields: "${line}"`);
    const value = parseGoFloat(parts[1]);
    if (value === undefined) throw new Error(`line ${lineNo}: invalid value in numastat: "${parts[1]}"`);
    out.push({ name: `${parts[0]}_total`, node, value, type: "counter" });
  }
  return out;
}

/** Every node[0-9]* directory's meminfo then numastat values, nodes in Go glob order. */
export function readNumaMeminfo(paths: Paths): NumaValue[] {
  const base = paths.sys("devices/system/node");
  const out: NumaValue[] = [];
  for (const name of listDirIfExists(base).filter((n) => /^node[0-9]/.test(n))) {
    const dir = join(base, name);
    out.push(...readParsed(join(dir, "meminfo"), parseNodeMeminfo));
    // node_exporter takes the leading digits of the directory name.
    const node = /^node([0-9]*)/.exec(name)?.[1] ?? "";
    out.push(...readParsed(join(dir, "numastat"), (t) => parseNodeNumastat(t, node)));
  }
  return out;
}
