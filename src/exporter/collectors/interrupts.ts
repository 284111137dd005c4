import { parseGoFloat } from "../../go/format-float.ts";
import type { CollectorDefinition } from "../collector.ts";
import { type Interrupt, readInterrupts } from "../host/procfs/interrupts.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const INTERRUPTS_TOTAL = metricDesc(
  "node_interrupts_total",
  "counter",
  "Interrupt details.",
  ["cpu", "type", "info", "devices"],
);

export const interruptsCollector: CollectorDefinition = {
  name: "interrupts",
  create: ({ paths }) => ({
    update(out) {
      let interrupts: Map<string, Interrupt>;
      try {
        interrupts = readInterrupts(paths);
      } catch (err) {
        throw new Error(`couldn't get interrupts: ${(err as Error).message}`, { cause: err });
      }
      for (const intr of interrupts.values()) {
        intr.values.forEach((text, cpu) => {
          const value = parseGoFloat(text);
          if (value === undefined) throw new Error(`invalid value ${text} in interrupts`);
          out.add(INTERRUPTS_TOTAL, value, {
            cpu: String(cpu),
            type: intr.name,
            info: intr.info,
            devices: intr.devices,
          });
        });
      }
    },
  }),
};
