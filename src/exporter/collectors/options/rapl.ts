// The rapl collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const RAPL_OPTIONS = defineFlags({
  enableZoneLabel: {
    name: "collector.rapl.enable-zone-label",
    kind: "bool",
    // Upstream's help text, copied as it is (it describes another flag).
    help: "Enables service unit metric unit_start_time_seconds",
  },
});
