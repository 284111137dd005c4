import type { CollectorDefinition } from "../collector.ts";
import { readLoadavg } from "../host/procfs/loadavg.ts";

export const loadavgCollector: CollectorDefinition = {
  name: "loadavg",
  create: ({ paths }) => ({
    update(out) {
      const l = readLoadavg(paths);
      out.gauge("node_load1", "1m load average.", l.load1);
      out.gauge("node_load5", "5m load average.", l.load5);
      out.gauge("node_load15", "15m load average.", l.load15);
    },
  }),
};
