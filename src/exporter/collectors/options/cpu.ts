// The cpu collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const CPU_OPTIONS = defineFlags({
  guest: { name: "collector.cpu.guest", kind: "bool", default: "true", help: "Enables metric node_cpu_guest_seconds_total" },
  info: { name: "collector.cpu.info", kind: "bool", default: "false", help: "Enables metric cpu_info" },
  infoFlagsInclude: {
    name: "collector.cpu.info.flags-include",
    kind: "string",
    default: "",
    placeholder: "COLLECTOR.CPU.INFO.FLAGS-INCLUDE",
    help: "Filter the `flags` field in cpuInfo with a value that must be a regular expression",
  },
  infoBugsInclude: {
    name: "collector.cpu.info.bugs-include",
    kind: "string",
    default: "",
    placeholder: "COLLECTOR.CPU.INFO.BUGS-INCLUDE",
    help: "Filter the `bugs` field in cpuInfo with a value that must be a regular expression",
  },
});
