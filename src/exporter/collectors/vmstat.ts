import { defineCollector } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { readVmstat } from "../host/procfs/vmstat.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";
import { VMSTAT_OPTIONS } from "./options/vmstat.ts";

const VMSTAT_FIELD = dataNamedDescs((field) =>
  metricDesc(`node_vmstat_${field}`, "untyped", `/proc/vmstat information field ${field}.`),
);

export const vmstatCollector = defineCollector({
  name: "vmstat",
  options: VMSTAT_OPTIONS,
  create: ({ paths, options }) => {
    // Unanchored, as node_exporter matches it: the default anchors itself with ^.
    const fields = compileGoRegexp(options.fields, "--collector.vmstat.fields");
    return {
      update(out) {
        for (const f of readVmstat(paths)) {
          if (!fields.test(f.name)) continue;
          out.add(VMSTAT_FIELD(f.name), f.value);
        }
      },
    };
  },
});
