// node_exporter's netdev collector: per-interface counters from rtnetlink
// (default) or /proc/net/dev, renamed to the historical /proc/net/dev names
// unless --collector.netdev.enable-detailed-metrics.

import type { Logger } from "../../telemetry/logger.ts";
import { type CollectorOptions, defineCollector } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { formatIP } from "../../go/ip-address.ts";
import { listAddresses } from "../kernel/netlink/rtnetlink-addresses.ts";
import { type Link, listLinks } from "../kernel/netlink/rtnetlink-links.ts";
import type { Paths } from "../paths.ts";
import { listDir, sysReadFileIfExists } from "../host/host-fs.ts";
import { readNetDev } from "../host/procfs/net-dev.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";
import { NETDEV_OPTIONS } from "./options/netdev.ts";

// One counter per statistic the kernel (or the legacy renaming) names; with
// --collector.netdev.label-ifalias, devices with an ifalias file carry it.
const netdevStat = <L extends string>(labelNames: readonly L[]) =>
  dataNamedDescs((stat) => metricDesc(`node_network_${stat}_total`, "counter", `Network device statistic ${stat}.`, labelNames));
const NETDEV_STAT = netdevStat(["device"]);
const NETDEV_STAT_ALIASED = netdevStat(["device", "ifalias"]);

const NETWORK_ADDRESS_INFO = metricDesc(
  "node_network_address_info",
  "gauge",
  "node network address by device",
  ["device", "address", "netmask", "scope"],
);

type DeviceStats = Map<string, number>;

/** rtnl_link_stats64 under node_exporter's netlink key names. */
export function netlinkDeviceStats(link: Link): DeviceStats | undefined {
  const s = link.stats;
  if (!s) return undefined;
  return new Map([
    ["receive_packets", s.rxPackets], ["transmit_packets", s.txPackets],
    ["receive_bytes", s.rxBytes], ["transmit_bytes", s.txBytes],
    ["receive_errors", s.rxErrors], ["transmit_errors", s.txErrors],
    ["receive_dropped", s.rxDropped], ["transmit_dropped", s.txDropped],
    ["multicast", s.multicast], ["collisions", s.collisions],
    ["receive_length_errors", s.rxLengthErrors], ["receive_over_errors", s.rxOverErrors],
    ["receive_crc_errors", s.rxCrcErrors], ["receive_frame_errors", s.rxFrameErrors],
    ["receive_fifo_errors", s.rxFifoErrors], ["receive_missed_errors", s.rxMissedErrors],
    ["transmit_aborted_errors", s.txAbortedErrors], ["transmit_carrier_errors", s.txCarrierErrors],
    ["transmit_fifo_errors", s.txFifoErrors], ["transmit_heartbeat_errors", s.txHeartbeatErrors],
    ["transmit_window_errors", s.txWindowErrors],
    ["receive_compressed", s.rxCompressed], ["transmit_compressed", s.txCompressed],
    ["receive_nohandler", s.rxNohandler],
  ]);
}

function pop(m: DeviceStats, key: string): number | undefined {
  const v = m.get(key);
  m.delete(key);
  return v;
}
const popz = (m: DeviceStats, key: string) => pop(m, key) ?? 0;

/**
 * Folds the detailed keys into the names /proc/net/dev has always used, the
 * way the kernel's net-procfs.c sums them (e.g. drop = dropped + missed).
 */
export function legacyNetDevStats(m: DeviceStats): void {
  let v: number | undefined;
  if ((v = pop(m, "receive_errors")) !== undefined) m.set("receive_errs", v);
  if ((v = pop(m, "receive_dropped")) !== undefined) m.set("receive_drop", v + popz(m, "receive_missed_errors"));
  if ((v = pop(m, "receive_fifo_errors")) !== undefined) m.set("receive_fifo", v);
  if ((v = pop(m, "receive_frame_errors")) !== undefined) {
    m.set("receive_frame", v + popz(m, "receive_length_errors") + popz(m, "receive_over_errors") + popz(m, "receive_crc_errors"));
  }
  if ((v = pop(m, "multicast")) !== undefined) m.set("receive_multicast", v);
  if ((v = pop(m, "transmit_errors")) !== undefined) m.set("transmit_errs", v);
  if ((v = pop(m, "transmit_dropped")) !== undefined) m.set("transmit_drop", v);
  if ((v = pop(m, "transmit_fifo_errors")) !== undefined) m.set("transmit_fifo", v);
  if ((v = pop(m, "collisions")) !== undefined) m.set("transmit_colls", v);
  if ((v = pop(m, "transmit_carrier_errors")) !== undefined) {
    m.set(
      "transmit_carrier",
      v + popz(m, "transmit_aborted_errors") + popz(m, "transmit_heartbeat_errors") + popz(m, "transmit_window_errors"),
    );
  }
}

function procNetDevStats(paths: Paths, filter: DeviceFilter, logger: Logger): Map<string, DeviceStats> {
  const out = new Map<string, DeviceStats>();
  for (const d of readNetDev(paths)) {
    if (filter.ignored(d.name)) {
      logger.debug("Ignoring device", { device: d.name });
      continue;
    }
    out.set(
      d.name,
      new Map([
        ["receive_bytes", d.rxBytes], ["receive_packets", d.rxPackets], ["receive_errors", d.rxErrors],
        ["receive_dropped", d.rxDropped], ["receive_fifo", d.rxFifo], ["receive_frame", d.rxFrame],
        ["receive_compressed", d.rxCompressed], ["receive_multicast", d.rxMulticast],
        ["transmit_bytes", d.txBytes], ["transmit_packets", d.txPackets], ["transmit_errors", d.txErrors],
        ["transmit_dropped", d.txDropped], ["transmit_fifo", d.txFifo], ["transmit_colls", d.txCollisions],
        ["transmit_carrier", d.txCarrier], ["transmit_compressed", d.txCompressed],
      ]),
    );
  }
  return out;
}

function netlinkStats(links: Link[], filter: DeviceFilter, logger: Logger): Map<string, DeviceStats> {
  const out = new Map<string, DeviceStats>();
  for (const link of links) {
    if (filter.ignored(link.name)) {
      logger.debug("Ignoring device", { device: link.name });
      continue;
    }
    const stats = netlinkDeviceStats(link);
    if (!stats) {
      logger.debug("No netlink stats, skipping");
      continue;
    }
    out.set(link.name, stats);
  }
  return out;
}

/** Go's net.IP scope classes as node_exporter names them. */
export function addressScope(ip: Uint8Array): string {
  if (ip.length === 4) {
    if (ip[0] === 127 || (ip[0] === 169 && ip[1] === 254) || (ip[0] === 224 && ip[1] === 0 && ip[2] === 0)) return "link-local";
    if (ip.every((b) => b === 0) || (ip[0] & 0xf0) === 0xe0 || ip.every((b) => b === 255)) return "";
    return "global";
  }
  const loopback = ip.subarray(0, 15).every((b) => b === 0) && ip[15] === 1;
  if (loopback || (ip[0] === 0xfe && (ip[1] & 0xc0) === 0x80) || (ip[0] === 0xff && (ip[1] & 0x0f) === 0x02)) return "link-local";
  if (ip[0] === 0xff && (ip[1] & 0x0f) === 0x01) return "interface-local";
  if (ip[0] === 0xff || ip.every((b) => b === 0)) return "";
  return "global";
}

function deviceFilterFromFlags({ options }: CollectorOptions<typeof NETDEV_OPTIONS>, logger: Logger): DeviceFilter {
  let include = options.deviceInclude;
  let exclude = options.deviceExclude;
  const oldInclude = options.deviceWhitelist;
  const oldExclude = options.deviceBlacklist;
  if (oldInclude !== "") {
    if (include !== "") throw new Error("--collector.netdev.device-whitelist and --collector.netdev.device-include are mutually exclusive");
    logger.warn("--collector.netdev.device-whitelist is DEPRECATED and will be removed in 2.0.0, use --collector.netdev.device-include");
    include = oldInclude;
  }
  if (oldExclude !== "") {
    if (exclude !== "") throw new Error("--collector.netdev.device-blacklist and --collector.netdev.device-exclude are mutually exclusive");
    logger.warn("--collector.netdev.device-blacklist is DEPRECATED and will be removed in 2.0.0, use --collector.netdev.device-exclude");
    exclude = oldExclude;
  }
  if (exclude !== "" && include !== "") throw new Error("device-exclude & device-include are mutually exclusive");
  if (exclude !== "") logger.info("Parsed flag --collector.netdev.device-exclude", { flag: exclude });
  if (include !== "") logger.info("Parsed Flag --collector.netdev.device-include", { flag: include });
  return new DeviceFilter(exclude, include, "--collector.netdev.device");
}

/** Each interface's ifAlias from /sys/class/net/<dev>/ifalias ("" when unset), as procfs's NetClass reads it. */
function readIfAliases(paths: Paths): Map<string, string> {
  let names: string[];
  try {
    names = listDir(paths.sys("class", "net"));
  } catch (err) {
    throw new Error(`couldn't get netdev labels: ${(err as Error).message}`, { cause: err });
  }
  return new Map(names.map((n) => [n, sysReadFileIfExists(paths.sys("class", "net", n, "ifalias")) ?? ""]));
}

export const netdevCollector = defineCollector({
  name: "netdev",
  options: NETDEV_OPTIONS,
  create({ paths, options, optionsSet, logger }) {
    const filter = deviceFilterFromFlags({ options, optionsSet }, logger);
    const useNetlink = options.netlink;
    const detailed = options.enableDetailedMetrics;
    const addressInfo = options.addressInfo;
    const labelIfalias = options.labelIfalias;
    return {
      update(out) {
        let devices: Map<string, DeviceStats>;
        let links: Link[] | undefined;
        try {
          if (useNetlink) {
            links = listLinks();
            devices = netlinkStats(links, filter, logger);
          } else {
            devices = procNetDevStats(paths, filter, logger);
          }
        } catch (err) {
          throw new Error(`couldn't get netstats: ${(err as Error).message}`, { cause: err });
        }
        const aliases = labelIfalias ? readIfAliases(paths) : undefined;
        for (const [device, stats] of devices) {
          if (!detailed) legacyNetDevStats(stats);
          const ifalias = aliases?.get(device);
          for (const [key, value] of stats) {
            if (ifalias === undefined) out.add(NETDEV_STAT(key), value, { device });
            else out.add(NETDEV_STAT_ALIASED(key), value, { device, ifalias });
          }
        }
        if (addressInfo) {
          let names: Map<number, string>;
          let addresses;
          try {
            names = new Map((links ?? listLinks()).map((l) => [l.index, l.name]));
            addresses = listAddresses();
          } catch (err) {
            throw new Error(`could not get network interfaces: ${(err as Error).message}`, { cause: err });
          }
          for (const a of addresses) {
            const device = names.get(a.ifIndex);
            if (device === undefined) continue;
            // node_exporter 1.11 (#3340): the device filter applies here too.
            if (filter.ignored(device)) continue;
            out.add(NETWORK_ADDRESS_INFO, 1, {
              device,
              address: formatIP(a.address),
              netmask: String(a.prefixLength),
              scope: addressScope(a.address),
            });
          }
        }
      },
    };
  },
});
