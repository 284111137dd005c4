// The interrupts collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const INTERRUPTS_OPTIONS = defineFlags({
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
