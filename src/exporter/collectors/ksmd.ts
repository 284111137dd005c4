// node_exporter's ksmd collector: the kernel samepage merging daemon's
// counters and settings from /sys/kernel/mm/ksm.

import type { CollectorDefinition } from "../collector.ts";
import { readUintFile } from "../host/procfs/uint-file.ts";

const KSMD_FILES = [
  "full_scans", "merge_across_nodes", "pages_shared", "pages_sharing", "pages_to_scan",
  "pages_unshared", "pages_volatile", "run", "sleep_millisecs",
] as const;

export function ksmdMetricName(file: string): string {
  if (file === "full_scans") return "full_scans_total";
  if (file === "sleep_millisecs") return "sleep_seconds";
  return file;
}

export const ksmdCollector: CollectorDefinition = {
  name: "ksmd",
  create({ paths }) {
    return {
      update(out) {
        for (const f of KSMD_FILES) {
          // Any unreadable file fails the collector, as upstream does.
          const v = readUintFile(paths.sys("kernel", "mm", "ksm", f));
          const name = `node_ksmd_${ksmdMetricName(f)}`;
          const help = `ksmd '${f}' file.`;
          if (f === "full_scans") out.counter(name, help, v);
          else out.gauge(name, help, f === "sleep_millisecs" ? v / 1000 : v);
        }
      },
    };
  },
};
