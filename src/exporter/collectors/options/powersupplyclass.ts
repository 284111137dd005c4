// The powersupplyclass collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const POWERSUPPLYCLASS_OPTIONS = defineFlags({
  powersupplyIgnoredSupplies: {
    name: "collector.powersupply.ignored-supplies",
    kind: "string",
    default: "^$",
    help: "Regexp of power supplies to ignore for powersupplyclass collector.",
  },
});
