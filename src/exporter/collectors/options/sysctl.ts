// The sysctl collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const SYSCTL_OPTIONS = defineFlags({
  include: { name: "collector.sysctl.include", kind: "strings", help: "Select sysctl metrics to include" },
  includeInfo: { name: "collector.sysctl.include-info", kind: "strings", help: "Select sysctl metrics to include as info metrics" },
});
