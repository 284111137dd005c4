// node_exporter's lnstat collector: every counter of /proc/net/stat/* per CPU.

import type { CollectorDefinition } from "../collector.ts";
import { readNetStatCaches } from "../host/procfs/net-stat-caches.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";

// One counter per column header of the files.
const LNSTAT_COLUMN = dataNamedDescs((header) =>
  metricDesc(`node_lnstat_${header}_total`, "counter", "linux network cache stats", ["subsystem", "cpu"]),
);

export const lnstatCollector: CollectorDefinition = {
  name: "lnstat",
  create({ paths }) {
    return {
      update(out) {
        let files;
        try {
          files = readNetStatCaches(paths);
        } catch (err) {
          throw new Error(`lnstat error: ${(err as Error).message}`, { cause: err });
        }
        for (const f of files) {
          for (const [header, values] of f.stats) {
            const desc = LNSTAT_COLUMN(header);
            values.forEach((v, cpu) => out.add(desc, v, { subsystem: f.filename, cpu: String(cpu) }));
          }
        }
      },
    };
  },
};
