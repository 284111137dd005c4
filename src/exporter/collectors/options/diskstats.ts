// The diskstats collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const DISKSTATS_DEFAULT_EXCLUDE = "^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$";

export const DISKSTATS_OPTIONS = defineFlags({
  deviceExclude: {
    name: "collector.diskstats.device-exclude",
    kind: "string",
    default: DISKSTATS_DEFAULT_EXCLUDE,
    help: "Regexp of diskstats devices to exclude (mutually exclusive to device-include).",
  },
  ignoredDevices: {
    name: "collector.diskstats.ignored-devices",
    kind: "string",
    default: "",
    hidden: true,
    help: "DEPRECATED: Use collector.diskstats.device-exclude",
  },
  deviceInclude: {
    name: "collector.diskstats.device-include",
    kind: "string",
    default: "",
    help: "Regexp of diskstats devices to include (mutually exclusive to device-exclude).",
  },
});
