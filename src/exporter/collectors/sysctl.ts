// node_exporter's sysctl collector: chosen /proc/sys values as numbers
// (--collector.sysctl.include) or as info labels (--collector.sysctl.include-info).
// "name:key1,key2" maps a multi-value sysctl to one metric per key.

import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { defineCollector } from "../collector.ts";
import { parseGoInt64 } from "../../go/strconv.ts";
import type { Paths } from "../paths.ts";
import { sysReadFile } from "../host/host-fs.ts";
import { type MetricDesc, metricDesc } from "../../metrics/metric-desc.ts";
import { SYSCTL_OPTIONS } from "./options/sysctl.ts";

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

const SYSCTL_INFO = metricDesc("node_sysctl_info", "gauge", "sysctl info", ["name", "value", "index"]);

/**
 * The descriptors of one --collector.sysctl.include entry, declared when the
 * flag is read: its name is known then, only how many values it has is not.
 */
export interface SysctlDescs {
  /** A single value. */
  value: MetricDesc;
  /** Several values, by position. */
  indexed: MetricDesc<"index">;
  /** Several values named by the entry's keys, in order. */
  keyed: MetricDesc[];
}

export function sysctlDescs(s: SysctlSpec): SysctlDescs {
  const metric = `node_sysctl_${sanitizeMetricName(s.name)}`;
  return {
    value: metricDesc(metric, "untyped", `sysctl ${s.name}`),
    indexed: metricDesc(metric, "untyped", `sysctl ${s.name}`, ["index"]),
    keyed: s.keys.map((k, i) => metricDesc(`${metric}_${k}`, "untyped", `sysctl ${s.name}, field ${i}`)),
  };
}

/** Emits one sysctl's metrics from its value fields, or throws as upstream's newMetrics does. */
export function emitSysctl(out: FamilyBuilder, s: SysctlSpec, fields: string[], descs: SysctlDescs = sysctlDescs(s)): void {
  const values = s.numeric ? sysctlInts(s.name, fields) : fields;
  if (values.length === 0) throw new Error(`sysctl ${s.name} has no values`);
  if (values.length === 1) {
    if (s.keys.length > 0) throw new Error(`sysctl ${s.name} has only one value, but expected [${s.keys.join(" ")}]`);
    if (s.numeric) out.add(descs.value, values[0] as number);
    else out.add(SYSCTL_INFO, 1, { name: s.name, value: values[0] as string, index: "0" });
    return;
  }
  if (s.keys.length === 0) {
    values.forEach((v, i) => {
      if (s.numeric) out.add(descs.indexed, v as number, { index: String(i) });
      else out.add(SYSCTL_INFO, 1, { name: s.name, value: v as string, index: String(i) });
    });
    return;
  }
  if (values.length !== s.keys.length) {
    throw new Error(`sysctl ${s.name} has ${values.length} keys but only ${s.keys.length} defined in f lag`);
  }
  if (!s.numeric) throw new Error("mapped sysctl string values not supported");
  values.forEach((v, i) => out.add(descs.keyed[i], v as number));
}

export const sysctlCollector = defineCollector({
  name: "sysctl",
  options: SYSCTL_OPTIONS,
  create({ paths, options }) {
    const specs = [
      ...options.include.map((i) => parseSysctlSpec(i, true)),
      ...options.includeInfo.map((i) => parseSysctlSpec(i, false)),
    ].map((spec) => ({ spec, descs: sysctlDescs(spec) }));
    return {
      update(out) {
        for (const { spec: s, descs } of specs) {
          let fields: string[];
          try {
            fields = readSysctlStrings(paths, s.name);
            if (s.numeric) sysctlInts(s.name, fields);
          } catch (err) {
            throw new Error(`error obtaining sysctl info: ${(err as Error).message}`, { cause: err });
          }
          emitSysctl(out, s, fields, descs);
        }
      },
    };
  },
});
