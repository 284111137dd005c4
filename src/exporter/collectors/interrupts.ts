import { parseGoFloat } from "../../go/format-float.ts";
import { defineFlags } from "../../flags/flag-table.ts";
import { defineCollector } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { type Interrupt, readInterrupts } from "../host/procfs/interrupts.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const INTERRUPTS_TOTAL = metricDesc(
  "node_interrupts_total",
  "counter",
  "Interrupt details.",
  ["cpu", "type", "info", "devices"],
);

// node_exporter 1.9 (#3028).
const OPTIONS = defineFlags({
  nameInclude: {
    name: "collector.interrupts.name-include",
    kind: "string",
    default: "",
    help: "Regexp of interrupts name to include (mutually exclusive to --collector.interrupts.name-exclude).",
  },
  nameExclude: {
    name: "collector.interrupts.name-exclude",
    kind: "string",
    default: "",
    help: "Regexp of interrupts name to exclude (mutually exclusive to --collector.interrupts.name-include).",
  },
  includeZeros: {
    name: "collector.interrupts.include-zeros",
    kind: "bool",
    default: "true",
    help: "Include interrupts that have a zero value",
  },
});

export const interruptsCollector = defineCollector({
  name: "interrupts",
  options: OPTIONS,
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
