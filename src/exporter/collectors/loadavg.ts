import type { CollectorDefinition } from "../collector.ts";
import { readLoadavg } from "../host/procfs/loadavg.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const LOAD1 = metricDesc("node_load1", "gauge", "1m load average.");
const LOAD5 = metricDesc("node_load5", "gauge", "5m load average.");
const LOAD15 = metricDesc("node_load15", "gauge", "15m load average.");

export const loadavgCollector: CollectorDefinition = {
  name: "loadavg",
  create: ({ paths }) => ({
    update(out) {
      const l = readLoadavg(paths);
      out.add(LOAD1, l.load1);
      out.add(LOAD5, l.load5);
      out.add(LOAD15, l.load15);
    },
  }),
};
