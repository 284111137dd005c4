// The ethtool collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const ETHTOOL_OPTIONS = defineFlags({
  deviceInclude: {
    name: "collector.ethtool.device-include",
    kind: "string",
    default: "",
    help: "Regexp of ethtool devices to include (mutually exclusive to device-exclude).",
  },
  deviceExclude: {
    name: "collector.ethtool.device-exclude",
    kind: "string",
    default: "",
    help: "Regexp of ethtool devices to exclude (mutually exclusive to device-include).",
  },
  metricsInclude: {
    name: "collector.ethtool.metrics-include",
    kind: "string",
    default: ".*",
    help: "Regexp of ethtool stats to include.",
  },
});
