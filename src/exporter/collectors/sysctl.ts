// node_exporter's sysctl collector: chosen /proc/sys values as numbers
// (--collector.sysctl.include) or as info labels (--collector.sysctl.include-info).
// "name:key1,key2" maps a multi-value sysctl to one metric per key.

import { defineFlags } from "../../flags/flag-table.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { defineCollector } from "../collector.ts";
import { parseGoInt64 } from "../../go/strconv.ts";
import type { Paths } from "../paths.ts";
import { sysReadFile } from "../host/host-fs.ts";

export interface SysctlSpec {
  numeric: boolean;
  name: string;
  keys: string[];
}

export function parseSysctlSpec(include: string, numeric: boolean): SysctlSpec {
  const colon = include.indexOf(":");
  if (colon === -1) return { numeric, name: include, keys: [] };
  return { numeric, name: include.slice(0, colon), keys: include.slice(colon + 1).split(",") };
}

/** node_exporter's SanitizeMetricName: runs of invalid characters, with their underscores, become one "_". */
export function sanitizeMetricName(name: string): string {
  return name.replace(/_*[^0-9A-Za-z_]+_*/g, "_");
}

/** Go's strings.Fields of the value (procfs reads at most 128 bytes, as for sysfs). */
export function readSysctlStrings(paths: Paths, name: string): string[] {
  const text = sysReadFile(paths.proc("sys", name.replaceAll(".", "/")));
  return text.split(/\s+/).filter((f) => f !== "");
}

export function sysctlInts(name: string, fields: string[]): number[] {
  return fields.map((f, i) => {
    const v = parseGoInt64(f, 0);
    if (v === undefined) throw new Error(`field ${i} in sysctl ${name} is not a valid int: "${f}"`);
    return v;
  });
}

const INFO_NAME = "node_sysctl_info";
const INFO_HELP = "sysctl info";

/** Emits one sysctl's metrics from its value fields, or throws as upstream's newMetrics does. */
export function emitSysctl(out: FamilyBuilder, s: SysctlSpec, fields: string[]): void {
  const metric = `node_sysctl_${sanitizeMetricName(s.name)}`;
  const values = s.numeric ? sysctlInts(s.name, fields) : fields;
  if (values.length === 0) throw new Error(`sysctl ${s.name} has no values`);
  if (values.length === 1) {
    if (s.keys.length > 0) throw new Error(`sysctl ${s.name} has only one value, but expected [${s.keys.join(" ")}]`);
    if (s.numeric) out.untyped(metric, `sysctl ${s.name}`, values[0] as number);
    else out.gauge(INFO_NAME, INFO_HELP, 1, { name: s.name, value: values[0] as string, index: "0" });
    return;
  }
  if (s.keys.length === 0) {
    values.forEach((v, i) => {
      if (s.numeric) out.untyped(metric, `sysctl ${s.name}`, v as number, { index: String(i) });
      else out.gauge(INFO_NAME, INFO_HELP, 1, { name: s.name, value: v as string, index: String(i) });
    });
    return;
  }
  if (values.length !== s.keys.length) {
    throw new Error(`sysctl ${s.name} has ${values.length} keys but only ${s.keys.length} defined in f lag`);
  }
  if (!s.numeric) throw new Error("mapped sysctl string values not supported");
  values.forEach((v, i) => {
    out.untyped(`${metric}_${s.keys[i]}`, `sysctl ${s.name}, field ${i}`, v as number);
  });
}

const OPTIONS = defineFlags({
  include: { name: "collector.sysctl.include", kind: "strings", help: "Select sysctl metrics to include" },
  includeInfo: { name: "collector.sysctl.include-info", kind: "strings", help: "Select sysctl metrics to include as info metrics" },
});

export const sysctlCollector = defineCollector({
  name: "sysctl",
  options: OPTIONS,
  create({ paths, options }) {
    const specs = [
      ...options.include.map((i) => parseSysctlSpec(i, true)),
      ...options.includeInfo.map((i) => parseSysctlSpec(i, false)),
    ];
    return {
      update(out) {
        for (const s of specs) {
          let fields: string[];
          try {
            fields = readSysctlStrings(paths, s.name);
            if (s.numeric) sysctlInts(s.name, fields);
          } catch (err) {
            throw new Error(`error obtaining sysctl info: ${(err as Error).message}`, { cause: err });
          }
          emitSysctl(out, s, fields);
        }
      },
    };
  },
});
