import type { CollectorDefinition } from "../collector.ts";
import { readMeminfo } from "../host/procfs/meminfo.ts";

export const meminfoCollector: CollectorDefinition = {
  name: "meminfo",
  create: ({ paths }) => ({
    update(out) {
      let info: Map<string, number>;
      try {
        info = readMeminfo(paths);
      } catch (err) {
        throw new Error(`couldn't get meminfo: ${(err as Error).message}`, { cause: err });
      }
      for (const [key, value] of info) {
        out.sample(`node_memory_${key}`, key.endsWith("_total") ? "counter" : "gauge", `Memory information field ${key}.`, value);
      }
    },
  }),
};
