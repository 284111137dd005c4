// The wifi collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const WIFI_OPTIONS = defineFlags({
  fixtures: {
    name: "collector.wifi.fixtures",
    kind: "string",
    default: "",
    help: "test fixtures to use for wifi collector metrics",
  },
});
