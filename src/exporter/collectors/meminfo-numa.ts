import type { CollectorDefinition } from "../collector.ts";
import { type NumaValue, readNumaMeminfo } from "../host/sysfs/numa-node.ts";

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
        out.sample(`node_memory_numa_${v.name}`, v.type, `Memory information field ${v.name}.`, v.value, { node: v.node });
      }
    },
  }),
};
