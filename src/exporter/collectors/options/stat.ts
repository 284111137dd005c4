// The stat collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const STAT_OPTIONS = defineFlags({
  softirq: { name: "collector.stat.softirq", kind: "bool", default: "false", help: "Export softirq calls per vector" },
});
