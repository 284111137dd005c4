// The vmstat collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const VMSTAT_OPTIONS = defineFlags({
  fields: {
    name: "collector.vmstat.fields",
    kind: "string",
    default: "^(oom_kill|pgpg|pswp|pg.*fault).*",
    help: "Regexp of fields to return for vmstat collector.",
  },
});
