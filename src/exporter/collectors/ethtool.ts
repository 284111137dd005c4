// node_exporter's ethtool collector: driver info, supported/advertised link
// modes and the driver's own statistics of each network device, through the
// SIOCETHTOOL ioctl.

import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import type { Logger } from "../../telemetry/logger.ts";
import { defineCollector } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { EOPNOTSUPP, EthtoolError, EthtoolSocket } from "../kernel/ethtool-ioctl.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { readNetClassDevices } from "../host/sysfs/net-class.ts";
import { hasErrnoInChain } from "../host/host-fs.ts";
import { sanitizeMetricName } from "./rapl.ts";
import { type MetricDesc, dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";
import { ETHTOOL_OPTIONS } from "./options/ethtool.ts";

const NETWORK_SUPPORTED_PORT_INFO = metricDesc(
  "node_network_supported_port_info",
  "gauge",
  "Type of ports or PHYs supported by network device",
  ["device", "type"],
);
const NETWORK_AUTONEGOTIATE = metricDesc(
  "node_network_autonegotiate",
  "gauge",
  "If this port is using autonegotiate",
  ["device"],
);
const ETHTOOL_INFO = metricDesc(
  "node_ethtool_info",
  "gauge",
  "A metric with a constant '1' value labeled by bus_info, device, driver, expansion_rom_version, firmware_version, version.",
  ["bus_info", "device", "driver", "expansion_rom_version", "firmware_version", "version"],
);

/** Stats names upstream pre-registers under their own metric names and HELP. */
const KNOWN_STATS: [stat: string, name: string, help: string][] = [
  ["rx_bytes", "node_ethtool_received_bytes_total", "Network interface bytes received"],
  ["rx_dropped", "node_ethtool_received_dropped_total", "Number of received frames dropped"],
  ["rx_errors", "node_ethtool_received_errors_total", "Number of received frames with errors"],
  ["rx_packets", "node_ethtool_received_packets_total", "Network interface packets received"],
  ["tx_bytes", "node_ethtool_transmitted_bytes_total", "Network interface bytes sent"],
  ["tx_errors", "node_ethtool_transmitted_errors_total", "Number of sent frames with errors"],
  ["tx_packets", "node_ethtool_transmitted_packets_total", "Network interface packets sent"],
];
const KNOWN_STAT_DESCS: ReadonlyMap<string, MetricDesc<"device">> = new Map(
  KNOWN_STATS.map(([stat, name, help]) => [stat, metricDesc(name, "untyped", help, ["device"])]),
);

/** node_ethtool_<name> with rx/tx words spelled out. */
export function buildEthtoolFQName(metric: string): string {
  let name = sanitizeMetricName(metric).toLowerCase().replace(/^_+/, "");
  name = name.replace(/(^|_)rx(_|$)/g, "$1received$2").replace(/(^|_)tx(_|$)/g, "$1transmitted$2");
  return `node_ethtool_${name}`;
}

/** Any other stat the driver names: untyped, named after it. */
const DRIVER_STAT = dataNamedDescs((stat) =>
  metricDesc(buildEthtoolFQName(stat), "untyped", `Network interface ${stat}`, ["device"]),
);

// ethtool_link_mode_bit_indices below 32: upstream tests a uint32 mask, so
// higher bits never show.
const MBPS_IN_BYTES = 1000000 / 8;
const SPEED_BITS: [number, number, string, string][] = [
  [0, 10, "half", "T"],
  [1, 10, "full", "T"],
  [2, 100, "half", "T"],
  [3, 100, "full", "T"],
  [4, 1000, "half", "T"],
  [5, 1000, "full", "T"],
  [12, 10000, "full", "T"],
  [17, 1000, "full", "KX"],
  [18, 10000, "full", "KX4"],
  [19, 10000, "full", "KR"],
  [20, 10000, "full", "R_FEC"],
  [21, 20000, "full", "MLD2"],
  [22, 20000, "full", "KR2"],
  [23, 40000, "full", "KR4"],
  [24, 40000, "full", "CR4"],
  [25, 40000, "full", "SR4"],
  [26, 40000, "full", "LR4"],
  [27, 56000, "full", "KR4"],
  [28, 56000, "full", "CR4"],
  [29, 56000, "full", "SR4"],
  [30, 56000, "full", "LR4"],
  [31, 25000, "full", "CR"],
];
const PORT_BITS: [number, string][] = [
  [7, "TP"],
  [8, "AUI"],
  [9, "MII"],
  [10, "FIBRE"],
  [11, "BNC"],
  [16, "Backplane"],
];
const AUTONEG_BIT = 6;
const PAUSE_BIT = 13;
const ASYM_PAUSE_BIT = 14;

const has = (mask: number, bit: number) => ((mask >>> bit) & 1) === 1;

/** The link-mode metrics of one mask: what the device supports, or what it advertises. */
const linkModeDescs = (prefix: "supported" | "advertised", verb: "supports" | "offers", speedHelp: string, pauseHelp: string) => ({
  speed: metricDesc(`node_network_${prefix}_speed_bytes`, "gauge", speedHelp, ["device", "duplex", "mode"]),
  autonegotiate: metricDesc(`node_network_autonegotiate_${prefix}`, "gauge", `If this port device ${verb} autonegotiate`, ["device"]),
  pause: metricDesc(`node_network_pause_${prefix}`, "gauge", `If this port device ${verb} ${pauseHelp}`, ["device"]),
  asymmetricPause: metricDesc(`node_network_asymmetricpause_${prefix}`, "gauge", `If this port device ${verb} asymmetric ${pauseHelp}`, ["device"]),
});
const SUPPORTED = linkModeDescs("supported", "supports", "Combination of speeds and features supported by network device", "pause frames");
const ADVERTISED = linkModeDescs("advertised", "offers", "Combination of speeds and features offered by network device", "pause capability");

export function emitLinkModes(out: FamilyBuilder, device: string, supported: number, advertising: number, autoneg: number): void {
  const speeds = (descs: typeof SUPPORTED, mask: number) => {
    for (const [bit, speed, duplex, phy] of SPEED_BITS) {
      if (has(mask, bit)) out.add(descs.speed, speed * MBPS_IN_BYTES, { device, duplex, mode: `${speed}base${phy}` });
    }
  };
  const capabilities = (descs: typeof SUPPORTED, mask: number) => {
    out.add(descs.autonegotiate, has(mask, AUTONEG_BIT) ? 1 : 0, { device });
    out.add(descs.pause, has(mask, PAUSE_BIT) ? 1 : 0, { device });
    out.add(descs.asymmetricPause, has(mask, ASYM_PAUSE_BIT) ? 1 : 0, { device });
  };
  speeds(SUPPORTED, supported);
  for (const [bit, type] of PORT_BITS) {
    if (has(supported, bit)) {
      out.add(NETWORK_SUPPORTED_PORT_INFO, 1, { device, type });
    }
  }
  capabilities(SUPPORTED, supported);
  speeds(ADVERTISED, advertising);
  capabilities(ADVERTISED, advertising);
  out.add(NETWORK_AUTONEGOTIATE, autoneg, { device });
}

/**
 * The stats as upstream exposes them: names sanitized and filtered, names
 * that collide after building the metric name dropped. Upstream looks the
 * value up under the sanitized name, so a stat whose name needed
 * sanitizing reads 0; kept as is.
 */
export function emitStats(out: FamilyBuilder, device: string, stats: ReadonlyMap<string, number>, include: RegExp, log: Logger): void {
  const byFQName = new Map<string, string>();
  for (const metric of stats.keys()) {
    const name = sanitizeMetricName(metric);
    if (!include.test(name)) continue;
    const fq = buildEthtoolFQName(name);
    const existing = byFQName.get(fq);
    if (existing !== undefined) {
      log.debug("dropping duplicate metric name", { device, metricFQName: fq, metric1: existing, metric2: name });
      byFQName.set(fq, "");
    } else byFQName.set(fq, name);
  }
  for (const fq of [...byFQName.keys()].sort()) {
    const metric = byFQName.get(fq) as string;
    if (metric === "") continue;
    out.add(KNOWN_STAT_DESCS.get(metric) ?? DRIVER_STAT(metric), stats.get(metric) ?? 0, { device });
  }
}

function logIoctlError(log: Logger, what: string, device: string, err: unknown): void {
  if (err instanceof EthtoolError) {
    if (err.errno === EOPNOTSUPP) log.debug(`ethtool ${what} error`, { err, device, errno: err.errno });
    else if (err.errno !== 0) log.error(`ethtool ${what} error`, { err, device, errno: err.errno });
  } else log.error(`ethtool ${what} error`, { err, device });
}

export const ethtoolCollector = defineCollector({
  name: "ethtool",
  options: ETHTOOL_OPTIONS,
  create({ paths, options, logger }) {
    const filter = new DeviceFilter(
      options.deviceExclude,
      options.deviceInclude,
      "--collector.ethtool.device",
    );
    const include = compileGoRegexp(options.metricsInclude, "--collector.ethtool.metrics-include");
    return {
      update(out) {
        let devices: string[];
        try {
          devices = readNetClassDevices(paths);
        } catch (err) {
          if (hasErrnoInChain(err, "ENOENT", "EACCES", "EPERM")) {
            logger.debug("Could not read netclass file", { err });
            throw new NoDataError();
          }
          throw new Error(`could not get net class info: ${(err as Error).message}`, { cause: err });
        }
        if (devices.length === 0) throw new Error("no network devices found");
        let sock: EthtoolSocket;
        try {
          sock = new EthtoolSocket();
        } catch (err) {
          throw new Error(`failed to initialize ethtool: ${(err as Error).message}`, { cause: err });
        }
        try {
          for (const device of devices) {
            if (filter.ignored(device)) continue;
            try {
              const l = sock.linkInfo(device);
              emitLinkModes(out, device, l.supported, l.advertising, l.autoneg);
            } catch (err) {
              logIoctlError(logger, "link info", device, err);
            }
            try {
              const d = sock.driverInfo(device);
              out.add(ETHTOOL_INFO, 1, {
                  bus_info: d.busInfo,
                  device,
                  driver: d.driver,
                  expansion_rom_version: d.eromVersion,
                  firmware_version: d.fwVersion,
                  version: d.version,
                });
            } catch (err) {
              logIoctlError(logger, "driver info", device, err);
            }
            let stats: Map<string, number> | undefined;
            try {
              stats = sock.stats(device);
            } catch (err) {
              logIoctlError(logger, "stats", device, err);
            }
            if (stats && stats.size > 0) emitStats(out, device, stats, include, logger);
          }
        } finally {
          sock.close();
        }
      },
    };
  },
});
