// The arp collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const ARP_OPTIONS = defineFlags({
  deviceInclude: { name: "collector.arp.device-include", kind: "string", default: "", help: "Regexp of arp devices to include (mutually exclusive to device-exclude)." },
  deviceExclude: { name: "collector.arp.device-exclude", kind: "string", default: "", help: "Regexp of arp devices to exclude (mutually exclusive to device-include)." },
  netlink: { name: "collector.arp.netlink", kind: "bool", default: "true", help: "Use netlink to gather stats instead of /proc/net/arp." },
});
