// The textfile collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const TEXTFILE_OPTIONS = defineFlags({
  directory: {
    name: "collector.textfile.directory",
    kind: "strings",
    help: "Directory to read text files with metrics from, supports glob matching. (repeatable)",
  },
});
