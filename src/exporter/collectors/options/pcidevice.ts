// The pcidevice collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const PCIDEVICE_OPTIONS = defineFlags({
  idsfile: { name: "collector.pcidevice.idsfile", kind: "string", help: "Path to pci.ids file to use for PCI device identification." },
  names: {
    name: "collector.pcidevice.names",
    kind: "bool",
    default: "false",
    help: "Enable PCI device name resolution (requires pci.ids file).",
  },
});
