import type { CollectorDefinition } from "../collector.ts";
import { SOFTIRQ_TYPES, type SoftirqType, readSoftirqs } from "../host/procfs/softirqs.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const SOFTIRQS_FUNCTIONS_TOTAL = metricDesc(
  "node_softirqs_functions_total",
  "counter",
  "Softirq counts per CPU.",
  ["cpu", "type"],
);

export const softirqsCollector: CollectorDefinition = {
  name: "softirqs",
  create: ({ paths }) => ({
    update(out) {
      let s: Map<SoftirqType, number[]>;
      try {
        s = readSoftirqs(paths);
      } catch (err) {
        throw new Error(`couldn't get softirqs: ${(err as Error).message}`, { cause: err });
      }
      for (const type of SOFTIRQ_TYPES) {
        (s.get(type) ?? []).forEach((value, cpu) => {
          out.add(SOFTIRQS_FUNCTIONS_TOTAL, value, { cpu: String(cpu), type });
        });
      }
    },
  }),
};
