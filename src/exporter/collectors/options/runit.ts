// The runit collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const RUNIT_OPTIONS = defineFlags({
  servicedir: { name: "collector.runit.servicedir", kind: "string", default: "/etc/service", help: "Path to runit service directory." },
});
