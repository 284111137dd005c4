// The qdisc collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const QDISC_OPTIONS = defineFlags({
  fixtures: {
    name: "collector.qdisc.fixtures",
    kind: "string",
    default: "",
    help: "test fixtures to use for qdisc collector end-to-end testing",
  },
  deviceInclude: {
    name: "collector.qdisc.device-include",
    kind: "string",
    default: "",
    help: "Regexp of qdisc devices to include (mutually exclusive to device-exclude).",
  },
  qdiskDeviceInclude: {
    name: "collector.qdisk.device-include",
    kind: "string",
    default: "",
    help: "DEPRECATED: Use collector.qdisc.device-include",
    hidden: true,
  },
  deviceExclude: {
    name: "collector.qdisc.device-exclude",
    kind: "string",
    default: "",
    help: "Regexp of qdisc devices to exclude (mutually exclusive to device-include).",
  },
  qdiskDeviceExclude: {
    name: "collector.qdisk.device-exclude",
    kind: "string",
    default: "",
    help: "DEPRECATED: Use collector.qdisc.device-exclude",
    hidden: true,
  },
});
