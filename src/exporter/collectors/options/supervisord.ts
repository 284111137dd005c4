// The supervisord collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const SUPERVISORD_OPTIONS = defineFlags({
  url: { name: "collector.supervisord.url", kind: "string", default: "http://localhost:9001/RPC2", help: "XML RPC endpoint." },
});
