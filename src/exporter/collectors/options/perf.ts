// The perf collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const PERF_OPTIONS = defineFlags({
  cpus: { name: "collector.perf.cpus", kind: "string", default: "", help: "List of CPUs from which perf metrics should be collected" },
  tracepoint: { name: "collector.perf.tracepoint", kind: "strings", help: "perf tracepoint that should be collected" },
  noHw: { name: "collector.perf.disable-hardware-profilers", kind: "bool", default: "false", help: "disable perf hardware profilers" },
  hw: { name: "collector.perf.hardware-profilers", kind: "strings", help: "perf hardware profilers that should be collected" },
  noSw: { name: "collector.perf.disable-software-profilers", kind: "bool", default: "false", help: "disable perf software profilers" },
  sw: { name: "collector.perf.software-profilers", kind: "strings", help: "perf software profilers that should be collected" },
  noCache: { name: "collector.perf.disable-cache-profilers", kind: "bool", default: "false", help: "disable perf cache profilers" },
  cache: { name: "collector.perf.cache-profilers", kind: "strings", help: "perf cache profilers that should be collected" },
});
