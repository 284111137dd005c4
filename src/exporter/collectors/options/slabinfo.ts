// The slabinfo collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const SLABINFO_OPTIONS = defineFlags({
  slabsInclude: { name: "collector.slabinfo.slabs-include", kind: "string", default: ".*", help: "Regexp of slabs to include in slabinfo collector." },
  slabsExclude: { name: "collector.slabinfo.slabs-exclude", kind: "string", default: "", help: "Regexp of slabs to exclude in slabinfo collector." },
});
