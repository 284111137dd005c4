// The hwmon collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const HWMON_OPTIONS = defineFlags({
  chipInclude: {
    name: "collector.hwmon.chip-include",
    kind: "string",
    default: "",
    help: "Regexp of hwmon chip to include (mutually exclusive to device-exclude).",
  },
  chipExclude: {
    name: "collector.hwmon.chip-exclude",
    kind: "string",
    default: "",
    help: "Regexp of hwmon chip to exclude (mutually exclusive to device-include).",
  },
  sensorInclude: {
    name: "collector.hwmon.sensor-include",
    kind: "string",
    default: "",
    help: "Regexp of hwmon sensor to include (mutually exclusive to sensor-exclude).",
  },
  sensorExclude: {
    name: "collector.hwmon.sensor-exclude",
    kind: "string",
    default: "",
    help: "Regexp of hwmon sensor to exclude (mutually exclusive to sensor-include).",
  },
});
