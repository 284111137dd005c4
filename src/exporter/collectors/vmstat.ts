import { defineCollector } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { scanVmstatFile } from "../host/procfs/vmstat.ts";
import { type MetricDesc, dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";
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
    // The wanted fields of a scrape, kept until the whole file has parsed
    // (a malformed line fails the scrape with nothing emitted, as when the
    // parser returned a list); the two arrays are reused by every scrape.
    // 86 KB allocated per scrape with the list; with these, below what the
    // measurement resolves (16 KB heap blocks, measured 0).
    const descs: MetricDesc[] = [];
    const values: number[] = [];
    const keep = (name: string, value: number) => {
      if (!fields.test(name)) return;
      descs.push(VMSTAT_FIELD(name));
      values.push(value);
    };
    return {
      update(out) {
        descs.length = 0;
        values.length = 0;
        scanVmstatFile(paths, keep);
        for (let i = 0; i < descs.length; i++) out.add(descs[i], values[i]);
      },
    };
  },
});
