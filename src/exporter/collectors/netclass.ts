// node_exporter's netclass collector: /sys/class/net/<iface> attributes.
// --collector.netclass.netlink asks upstream to read most of them over
// rtnetlink; mon reads sysfs either way (same metric names) and says so.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { compileGoRegexp } from "../go-regexp.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { type NetClassIface, readNetClassDevices, readNetClassIface } from "../sysfs/net-class.ts";
import { hasErrnoInChain } from "../sysfs/sys-read-file.ts";

// Go's net.FlagUp.
const IFF_UP = 1;

export function adminState(flags: number | undefined): string {
  if (flags === undefined) return "unknown";
  return (flags & IFF_UP) === 1 ? "up" : "down";
}

const GAUGE_FIELDS: [string, keyof NetClassIface][] = [
  ["address_assign_type", "addrAssignType"],
  ["carrier", "carrier"],
];
const COUNTER_FIELDS: [string, keyof NetClassIface][] = [
  ["carrier_changes_total", "carrierChanges"],
  ["carrier_up_changes_total", "carrierUpCount"],
  ["carrier_down_changes_total", "carrierDownCount"],
];
const MORE_GAUGE_FIELDS: [string, keyof NetClassIface][] = [
  ["device_id", "devId"],
  ["dormant", "dormant"],
  ["flags", "flags"],
  ["iface_id", "ifIndex"],
  ["iface_link", "ifLink"],
  ["iface_link_mode", "linkMode"],
  ["mtu_bytes", "mtu"],
  ["name_assign_type", "nameAssignType"],
  ["net_dev_group", "netDevGroup"],
];

const fieldHelp = (name: string) => `Network device property: ${name}`;

/** Adds one interface's metrics as upstream's netClassSysfsUpdate does. */
export function emitNetClassIface(out: FamilyBuilder, i: NetClassIface, ignoreInvalidSpeed: boolean): void {
  const device = { device: i.name };
  out.gauge("node_network_up", "Value is 1 if operstate is 'up', 0 otherwise.", i.operState === "up" ? 1 : 0, device);
  out.gauge("node_network_info", "Non-numeric data from /sys/class/net/<iface>, value is always 1.", 1, {
    device: i.name,
    address: i.address,
    broadcast: i.broadcast,
    duplex: i.duplex,
    operstate: i.operState,
    adminstate: adminState(i.flags),
    ifalias: i.ifAlias,
  });
  const push = (fields: [string, keyof NetClassIface][], type: "gauge" | "counter") => {
    for (const [metric, field] of fields) {
      const v = i[field];
      if (typeof v === "number") out.sample(`node_network_${metric}`, type, fieldHelp(metric), v, device);
    }
  };
  push(GAUGE_FIELDS, "gauge");
  push(COUNTER_FIELDS, "counter");
  push(MORE_GAUGE_FIELDS, "gauge");
  if (i.speed !== undefined && (i.speed >= 0 || !ignoreInvalidSpeed)) {
    // Integer arithmetic on int64 in upstream: Mbit/s to bytes/s, truncated.
    out.gauge("node_network_speed_bytes", fieldHelp("speed_bytes"), Math.trunc((i.speed * 1000 * 1000) / 8), device);
  }
  push(
    [
      ["transmit_queue_length", "txQueueLen"],
      ["protocol_type", "type"],
    ],
    "gauge",
  );
}

export const netclassCollector: CollectorDefinition = {
  name: "netclass",
  flags: [
    {
      name: "collector.netclass.ignored-devices",
      kind: "string",
      default: "^$",
      help: "Regexp of net devices to ignore for netclass collector.",
    },
    {
      name: "collector.netclass.ignore-invalid-speed",
      kind: "bool",
      help: "Ignore devices where the speed is invalid. This will be the default behavior in 2.x.",
    },
    {
      name: "collector.netclass.netlink",
      kind: "bool",
      default: "false",
      help: "Use netlink to gather stats instead of /proc/net/dev.",
    },
    {
      name: "collector.netclass_rtnl.with-stats",
      kind: "bool",
      help: "Expose the statistics for each network device, replacing netdev collector.",
    },
  ],
  create({ paths, flags, logger }) {
    const ignored = compileGoRegexp(flags.string("collector.netclass.ignored-devices"), "--collector.netclass.ignored-devices");
    const ignoreInvalidSpeed = flags.bool("collector.netclass.ignore-invalid-speed");
    if (flags.bool("collector.netclass.netlink")) {
      logger.debug("netclass: netlink mode is not implemented in mon, reading the same attributes from sysfs");
    }
    return {
      update(out) {
        let ifaces: NetClassIface[];
        try {
          ifaces = readNetClassDevices(paths)
            .filter((d) => !ignored.test(d))
            .map((d) => readNetClassIface(paths, d));
        } catch (err) {
          if (hasErrnoInChain(err, "ENOENT", "EACCES", "EPERM")) {
            logger.debug("Could not read netclass file", { err });
            throw new NoDataError();
          }
          throw new Error(`could not get net class info: ${(err as Error).message}`, { cause: err });
        }
        for (const i of ifaces) emitNetClassIface(out, i, ignoreInvalidSpeed);
      },
    };
  },
};
