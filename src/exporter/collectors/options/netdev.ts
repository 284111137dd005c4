// The netdev collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const NETDEV_OPTIONS = defineFlags({
  deviceInclude: { name: "collector.netdev.device-include", kind: "string", default: "", help: "Regexp of net devices to include (mutually exclusive to device-exclude)." },
  deviceWhitelist: { name: "collector.netdev.device-whitelist", kind: "string", default: "", help: "DEPRECATED: Use collector.netdev.device-include", hidden: true },
  deviceExclude: { name: "collector.netdev.device-exclude", kind: "string", default: "", help: "Regexp of net devices to exclude (mutually exclusive to device-include)." },
  deviceBlacklist: { name: "collector.netdev.device-blacklist", kind: "string", default: "", help: "DEPRECATED: Use collector.netdev.device-exclude", hidden: true },
  addressInfo: { name: "collector.netdev.address-info", kind: "bool", help: "Collect address-info for every device" },
  enableDetailedMetrics: { name: "collector.netdev.enable-detailed-metrics", kind: "bool", help: "Use (incompatible) metric names that provide more detailed stats on Linux" },
  netlink: { name: "collector.netdev.netlink", kind: "bool", default: "true", help: "Use netlink to gather stats instead of /proc/net/dev." },
  // node_exporter 1.9 (#3087).
  labelIfalias: { name: "collector.netdev.label-ifalias", kind: "bool", default: "false", help: "Add ifAlias label" },
});
