// node_exporter's lnstat collector: every counter of /proc/net/stat/* per CPU.

import type { CollectorDefinition } from "../collector.ts";
import { readNetStatCaches } from "../host/procfs/net-stat-caches.ts";

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
            values.forEach((v, cpu) => {
              out.counter(`node_lnstat_${header}_total`, "linux network cache stats", v, { subsystem: f.filename, cpu: String(cpu) });
            });
          }
        }
      },
    };
  },
};
