import type { CollectorDefinition } from "../collector.ts";
import { type NumaValue, readNumaMeminfo } from "../host/sysfs/numa-node.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";

// The parser types each field: counters for numastat's *_total fields,
// gauges for the meminfo ones.
const numaFields = (type: "gauge" | "counter") =>
  dataNamedDescs((field) => metricDesc(`node_memory_numa_${field}`, type, `Memory information field ${field}.`, ["node"]));
const NUMA_FIELD = { gauge: numaFields("gauge"), counter: numaFields("counter") };

export const meminfoNumaCollector: CollectorDefinition = {
  name: "meminfo_numa",
  create: ({ paths }) => ({
    update(out) {
      let values: NumaValue[];
      try {
        values = readNumaMeminfo(paths);
      } catch (err) {
        throw new Error(`couldn't get NUMA meminfo: ${(err as Error).message}`, { cause: err });
      }
      for (const v of values) {
        out.add(NUMA_FIELD[v.type](v.name), v.value, { node: v.node });
      }
    },
  }),
};
