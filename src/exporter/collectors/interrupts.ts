import { parseGoFloat } from "../../go/format-float.ts";
import { defineCollector } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { type Interrupt, readInterrupts } from "../host/procfs/interrupts.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { INTERRUPTS_OPTIONS } from "./options/interrupts.ts";

const INTERRUPTS_TOTAL = metricDesc(
  "node_interrupts_total",
  "counter",
  "Interrupt details.",
  ["cpu", "type", "info", "devices"],
);

// node_exporter 1.9 (#3028).
export const interruptsCollector = defineCollector({
  name: "interrupts",
  options: INTERRUPTS_OPTIONS,
  create: ({ paths, options, logger }) => {
    const nameFilter = new DeviceFilter(options.nameExclude, options.nameInclude, "--collector.interrupts.name");
    const includeZeros = options.includeZeros;
    return {
      update(out) {
        let interrupts: Map<string, Interrupt>;
        try {
          interrupts = readInterrupts(paths);
        } catch (err) {
          throw new Error(`couldn't get interrupts: ${(err as Error).message}`, { cause: err });
        }
        for (const intr of interrupts.values()) {
          // Filtered on "<name>;<info>;<devices>", e.g. "NMI;Non-maskable interrupts;".
          const filterName = `${intr.name};${intr.info};${intr.devices}`;
          if (nameFilter.ignored(filterName)) {
            logger.debug("ignoring interrupt name", { filter_name: filterName });
            continue;
          }
          intr.values.forEach((text, cpu) => {
            const value = parseGoFloat(text);
            if (value === undefined) throw new Error(`invalid value ${text} in interrupts`);
            if (!includeZeros && value === 0) return;
            out.add(INTERRUPTS_TOTAL, value, {
              cpu: String(cpu),
              type: intr.name,
              info: intr.info,
              devices: intr.devices,
            });
          });
        }
      },
    };
  },
});
