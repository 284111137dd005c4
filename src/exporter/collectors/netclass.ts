// node_exporter's netclass collector: /sys/class/net/<iface> attributes, or
// with --collector.netclass.netlink the RTM_GETLINK dump plus ethtool netlink
// link modes and three sysfs files, as upstream's netclass_rtnl path does.
// The two paths differ on purpose (upstream's differences are kept): see
// emitNetClassRtnlLink.

import type { Paths } from "../paths.ts";
import { defineCollector } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import type { Logger } from "../../telemetry/logger.ts";
import { duplexName, ETHTOOL_GENL_NAME, type LinkMode, listLinkModes } from "../kernel/netlink/ethtool-link-modes.ts";
import { listGenericFamilies } from "../kernel/netlink/genetlink-families.ts";
import { type DecodedLink, type LinkStats, listLinks } from "../kernel/netlink/rtnetlink-links.ts";
import {
  type NetClassIface,
  parseNetClassAttributes,
  readNetClassDevices,
  readNetClassIface,
} from "../host/sysfs/net-class.ts";
import { hasErrnoInChain, isIgnorableSysfsError, sysReadFile } from "../host/host-fs.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";
import { NETCLASS_OPTIONS } from "./options/netclass.ts";

const NETWORK_UP = metricDesc("node_network_up", "gauge", "Value is 1 if operstate is 'up', 0 otherwise.", ["device"]);
const NETWORK_SPEED_BYTES = metricDesc("node_network_speed_bytes", "gauge", "Network device property: speed_bytes", ["device"]);
const NETWORK_ALTNAMES_INFO = metricDesc(
  "node_network_altnames_info",
  "gauge",
  "Non-numeric data of <iface> altname, value is always 1.",
  ["altname", "device"],
);
// Upstream's two paths describe node_network_info differently; the netlink one has no adminstate.
const NETWORK_INFO_SYSFS = metricDesc(
  "node_network_info",
  "gauge",
  "Non-numeric data from /sys/class/net/<iface>, value is always 1.",
  ["device", "address", "broadcast", "duplex", "operstate", "adminstate", "ifalias"],
);
const NETWORK_INFO_RTNL = metricDesc(
  "node_network_info",
  "gauge",
  "Non-numeric data of <iface>, value is always 1.",
  ["device", "address", "broadcast", "duplex", "operstate", "ifalias"],
);

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

// The per-device properties of the tables above and of the netlink path,
// by metric name; the netlink path reports its *_total fields as gauges, as
// upstream's does.
const deviceProperty = (type: "gauge" | "counter") =>
  dataNamedDescs((metric) => metricDesc(`node_network_${metric}`, type, `Network device property: ${metric}`, ["device"]));
const PROPERTY = { gauge: deviceProperty("gauge"), counter: deviceProperty("counter") };

/** Adds one interface's metrics as upstream's netClassSysfsUpdate does. */
export function emitNetClassIface(out: FamilyBuilder, i: NetClassIface, ignoreInvalidSpeed: boolean): void {
  const device = { device: i.name };
  out.add(NETWORK_UP, i.operState === "up" ? 1 : 0, device);
  out.add(NETWORK_INFO_SYSFS, 1, {
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
      if (typeof v === "number") out.add(PROPERTY[type](metric), v, device);
    }
  };
  push(GAUGE_FIELDS, "gauge");
  push(COUNTER_FIELDS, "counter");
  push(MORE_GAUGE_FIELDS, "gauge");
  if (i.speed !== undefined && (i.speed >= 0 || !ignoreInvalidSpeed)) {
    // Integer arithmetic on int64 in upstream: Mbit/s to bytes/s, truncated.
    out.add(NETWORK_SPEED_BYTES, Math.trunc((i.speed * 1000 * 1000) / 8), device);
  }
  push(
    [
      ["transmit_queue_length", "txQueueLen"],
      ["protocol_type", "type"],
    ],
    "gauge",
  );
}

// IF_OPER_* in order (linux/if.h).
const OPERSTATES = ["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"];
const IF_OPER_UP = 6;

/** Go's net.HardwareAddr.String: lower-case hex bytes joined by ':', "" when absent. */
export function hardwareAddr(bytes: Uint8Array | undefined): string {
  if (!bytes) return "";
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(":");
}

// Upstream's with-stats names, one per rtnl_link_stats64 field it reads (rx_otherhost_dropped is left out).
const RTNL_STAT_METRICS: [string, keyof LinkStats][] = [
  ["receive_packets_total", "rxPackets"],
  ["transmit_packets_total", "txPackets"],
  ["receive_bytes_total", "rxBytes"],
  ["transmit_bytes_total", "txBytes"],
  ["receive_errors_total", "rxErrors"],
  ["transmit_errors_total", "txErrors"],
  ["receive_dropped_total", "rxDropped"],
  ["transmit_dropped_total", "txDropped"],
  ["multicast_total", "multicast"],
  ["collisions_total", "collisions"],
  ["receive_length_errors_total", "rxLengthErrors"],
  ["receive_over_errors_total", "rxOverErrors"],
  ["receive_crc_errors_total", "rxCrcErrors"],
  ["receive_frame_errors_total", "rxFrameErrors"],
  ["receive_fifo_errors_total", "rxFifoErrors"],
  ["receive_missed_errors_total", "rxMissedErrors"],
  ["transmit_aborted_errors_total", "txAbortedErrors"],
  ["transmit_carrier_errors_total", "txCarrierErrors"],
  ["transmit_fifo_errors_total", "txFifoErrors"],
  ["transmit_heartbeat_errors_total", "txHeartbeatErrors"],
  ["transmit_window_errors_total", "txWindowErrors"],
  ["receive_compressed_total", "rxCompressed"],
  ["transmit_compressed_total", "txCompressed"],
  ["receive_nohandler_total", "rxNohandler"],
];

/**
 * node_network_speed_bytes from an ethtool link mode. Unlike the sysfs path
 * there is no --collector.netclass.ignore-invalid-speed check: the kernel's
 * u32 SPEED_UNKNOWN is never negative, so upstream reports it as 4294967295 Mbit/s.
 */
export function emitLinkModeSpeed(out: FamilyBuilder, lm: LinkMode): void {
  if (lm.speedMegabits < 0) return;
  out.add(NETWORK_SPEED_BYTES, Math.floor((lm.speedMegabits * 1000 * 1000) / 8), { device: lm.name });
}

/**
 * Adds one link's metrics as upstream's netClassRTNLUpdate does. Against the
 * sysfs path: node_network_info has no adminstate label and another HELP;
 * duplex is ethtool's "Full"/"Half"/"Unknown" (empty without link modes);
 * flags are ifi_flags (IFF_RUNNING, IFF_LOWER_UP included); dormant repeats
 * the link mode, as upstream does; iface_link falls back to the own index
 * when the kernel omits IFLA_LINK; speed_bytes comes from emitLinkModeSpeed.
 * `sysfs` holds addr_assign_type, dev_id and name_assign_type.
 */
export function emitNetClassRtnlLink(out: FamilyBuilder, link: DecodedLink, sysfs: NetClassIface, lm: LinkMode | undefined, withStats: boolean): void {
  const a = link.attributes;
  const device = { device: link.name };
  out.add(NETWORK_UP, a.operState === IF_OPER_UP ? 1 : 0, device);
  out.add(NETWORK_INFO_RTNL, 1, {
    device: link.name,
    address: hardwareAddr(a.address),
    broadcast: hardwareAddr(a.broadcast),
    duplex: lm ? duplexName(lm.duplex) : "",
    operstate: OPERSTATES[a.operState] ?? "unknown",
    ifalias: a.alias ?? "",
  });
  // node_exporter 1.11 (#3541).
  for (const altname of a.altNames) out.add(NETWORK_ALTNAMES_INFO, 1, { altname, device: link.name });
  const push = (metric: string, value: number | undefined, type: "gauge" | "counter" = "gauge") => {
    if (value !== undefined) out.add(PROPERTY[type](metric), value, device);
  };
  push("address_assign_type", sysfs.addrAssignType);
  push("carrier", a.carrier);
  push("carrier_changes_total", a.carrierChanges, "counter");
  push("carrier_up_changes_total", a.carrierUpCount, "counter");
  push("carrier_down_changes_total", a.carrierDownCount, "counter");
  push("device_id", sysfs.devId);
  push("flags", a.flags);
  push("iface_id", link.index);
  push("iface_link_mode", a.linkMode);
  push("dormant", a.linkMode);
  // The kernel omits IFLA_LINK when it equals the device's own index, and no index is 0.
  push("iface_link", a.link > 0 ? a.link : link.index);
  push("mtu_bytes", a.mtu);
  push("name_assign_type", sysfs.nameAssignType);
  push("net_dev_group", a.group);
  push("transmit_queue_length", a.txQueueLen);
  push("protocol_type", a.type);
  if (!withStats || !link.stats64 || !link.stats) return;
  for (const [metric, field] of RTNL_STAT_METRICS) push(metric, link.stats[field]);
}

// These take a per-device lock rather than RTNL, so they stay in sysfs.
// Upstream reads them from the literal /sys; mon goes through --path.sysfs
// like every other read (the same file with the default flags).
const RTNL_SYSFS_ATTRS = ["addr_assign_type", "dev_id", "name_assign_type"];

function readRtnlSysfsAttributes(paths: Paths, name: string): NetClassIface {
  const values = new Map<string, string>();
  for (const attr of RTNL_SYSFS_ATTRS) {
    const file = paths.sys("class", "net", name, attr);
    try {
      values.set(attr, sysReadFile(file));
    } catch (err) {
      if (isIgnorableSysfsError(err)) continue;
      throw new Error(`could not get sysfs device info: failed to read file "${file}": ${(err as Error).message}`, { cause: err });
    }
  }
  return parseNetClassAttributes(name, values);
}

/** Link modes by device name, or undefined when the kernel has no ethtool genetlink family. */
function readLinkModes(logger: Logger): LinkMode[] | undefined {
  let familyId: number | undefined;
  try {
    familyId = listGenericFamilies().get(ETHTOOL_GENL_NAME);
    if (familyId !== undefined) return listLinkModes(familyId);
  } catch (err) {
    throw new Error(`could not get link modes: ${(err as Error).message}`, { cause: err });
  }
  logger.info("ETHTOOL netlink interface unavailable, duplex and linkspeed are not scraped.");
  return undefined;
}

function updateRtnl(out: FamilyBuilder, paths: Paths, ignored: RegExp, withStats: boolean, logger: Logger): void {
  const linkModes = new Map<string, LinkMode>();
  for (const lm of readLinkModes(logger) ?? []) {
    if (ignored.test(lm.name)) continue;
    emitLinkModeSpeed(out, lm);
    linkModes.set(lm.name, lm);
  }
  let links: DecodedLink[];
  try {
    links = listLinks().filter((l) => !ignored.test(l.name));
  } catch (err) {
    throw new Error(`could not get net class info: ${(err as Error).message}`, { cause: err });
  }
  const sysfs = links.map((l) => readRtnlSysfsAttributes(paths, l.name));
  links.forEach((l, i) => emitNetClassRtnlLink(out, l, sysfs[i]!, linkModes.get(l.name), withStats));
}

export const netclassCollector = defineCollector({
  name: "netclass",
  options: NETCLASS_OPTIONS,
  create({ paths, options, logger }) {
    const ignored = compileGoRegexp(options.ignoredDevices, "--collector.netclass.ignored-devices");
    const ignoreInvalidSpeed = options.ignoreInvalidSpeed;
    const netlink = options.netlink;
    const withStats = options.netclassRtnlWithStats;
    return {
      update(out) {
        if (netlink) {
          updateRtnl(out, paths, ignored, withStats, logger);
          return;
        }
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
});
