// The netclass collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const NETCLASS_OPTIONS = defineFlags({
  ignoredDevices: {
    name: "collector.netclass.ignored-devices",
    kind: "string",
    default: "^$",
    help: "Regexp of net devices to ignore for netclass collector.",
  },
  ignoreInvalidSpeed: {
    name: "collector.netclass.ignore-invalid-speed",
    kind: "bool",
    help: "Ignore devices where the speed is invalid. This will be the default behavior in 2.x.",
  },
  netlink: {
    name: "collector.netclass.netlink",
    kind: "bool",
    default: "false",
    help: "Use netlink to gather stats instead of /proc/net/dev.",
  },
  netclassRtnlWithStats: {
    name: "collector.netclass_rtnl.with-stats",
    kind: "bool",
    help: "Expose the statistics for each network device, replacing netdev collector.",
  },
});
