// node_exporter's ksmd collector: the kernel samepage merging daemon's
// counters and settings from /sys/kernel/mm/ksm.

import type { CollectorDefinition } from "../collector.ts";
import { readUintFile } from "../host/procfs/uint-file.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const KSMD_FILES = [
  "full_scans", "merge_across_nodes", "pages_shared", "pages_sharing", "pages_to_scan",
  "pages_unshared", "pages_volatile", "run", "sleep_millisecs",
] as const;

export function ksmdMetricName(file: string): string {
  if (file === "full_scans") return "full_scans_total";
  if (file === "sleep_millisecs") return "sleep_seconds";
  return file;
}

// full_scans counts; the other files are settings and current sizes.
const KSMD_DESCS = KSMD_FILES.map(
  (f) =>
    [f, metricDesc(`node_ksmd_${ksmdMetricName(f)}`, f === "full_scans" ? "counter" : "gauge", `ksmd '${f}' file.`)] as const,
);

export const ksmdCollector: CollectorDefinition = {
  name: "ksmd",
  create({ paths }) {
    return {
      update(out) {
        for (const [f, desc] of KSMD_DESCS) {
          // Any unreadable file fails the collector, as upstream does.
          const v = readUintFile(paths.sys("kernel", "mm", "ksm", f));
          out.add(desc, f === "sleep_millisecs" ? v / 1000 : v);
        }
      },
    };
  },
};
