// The ipvs collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const FULL_IPVS_BACKEND_LABELS = ["local_address", "local_port", "remote_address", "remote_port", "proto", "local_mark"] as const;

export const IPVS_OPTIONS = defineFlags({
  backendLabels: {
    name: "collector.ipvs.backend-labels",
    kind: "string",
    default: FULL_IPVS_BACKEND_LABELS.join(","),
    help: "Comma separated list for IPVS backend stats labels.",
  },
});
