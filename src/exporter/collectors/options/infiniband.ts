// The infiniband collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const INFINIBAND_OPTIONS = defineFlags({
  deviceInclude: {
    name: "collector.infiniband.device-include",
    kind: "string",
    default: "",
    help: "Regexp of infiniband devices to include (mutually exclusive to device-exclude).",
  },
  deviceExclude: {
    name: "collector.infiniband.device-exclude",
    kind: "string",
    default: "",
    help: "Regexp of infiniband devices to exclude (mutually exclusive to device-include).",
  },
});
