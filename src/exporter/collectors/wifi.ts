// node_exporter's wifi collector: interface frequency, BSS and station
// statistics, read live over nl80211 or, as upstream's end-to-end tests do,
// from JSON fixtures (--collector.wifi.fixtures). Both sources yield the same
// structures; collectWifi alone turns them into metrics.

import { isNotFound, readText } from "../host/host-fs.ts";
import { join } from "node:path";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import type { Logger } from "../../telemetry/logger.ts";
import { defineCollector } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { type GoStruct, decodeGoStruct, decodeGoStructArray, hardwareAddrString } from "../../go/json.ts";
import { type Nl80211Client, isPermissionError, openNl80211 } from "../kernel/netlink/nl80211-client.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { WIFI_OPTIONS } from "./options/wifi.ts";

const WIFI_STATION_CONNECTED_SECONDS_TOTAL = metricDesc(
  "node_wifi_station_connected_seconds_total",
  "counter",
  "The total number of seconds a station has been connected to an access point.",
  ["device", "mac_address"],
);
const WIFI_STATION_INACTIVE_SECONDS = metricDesc(
  "node_wifi_station_inactive_seconds",
  "gauge",
  "The number of seconds since any wireless activity has occurred on a station.",
  ["device", "mac_address"],
);
const WIFI_STATION_RECEIVE_BITS_PER_SECOND = metricDesc(
  "node_wifi_station_receive_bits_per_second",
  "gauge",
  "The current WiFi receive bitrate of a station, in bits per second.",
  ["device", "mac_address"],
);
const WIFI_STATION_TRANSMIT_BITS_PER_SECOND = metricDesc(
  "node_wifi_station_transmit_bits_per_second",
  "gauge",
  "The current WiFi transmit bitrate of a station, in bits per second.",
  ["device", "mac_address"],
);
// Packet counts since node_exporter 1.10 (#3382).
const WIFI_STATION_TRANSMITTED_PACKETS_TOTAL = metricDesc(
  "node_wifi_station_transmitted_packets_total",
  "counter",
  "The total number of packets transmitted by a station.",
  ["device", "mac_address"],
);
const WIFI_STATION_RECEIVED_PACKETS_TOTAL = metricDesc(
  "node_wifi_station_received_packets_total",
  "counter",
  "The total number of packets received by a station.",
  ["device", "mac_address"],
);
const WIFI_STATION_RECEIVE_BYTES_TOTAL = metricDesc(
  "node_wifi_station_receive_bytes_total",
  "counter",
  "The total number of bytes received by a WiFi station.",
  ["device", "mac_address"],
);
const WIFI_STATION_TRANSMIT_BYTES_TOTAL = metricDesc(
  "node_wifi_station_transmit_bytes_total",
  "counter",
  "The total number of bytes transmitted by a WiFi station.",
  ["device", "mac_address"],
);
const WIFI_STATION_SIGNAL_DBM = metricDesc(
  "node_wifi_station_signal_dbm",
  "gauge",
  "The current WiFi signal strength, in decibel-milliwatts (dBm).",
  ["device", "mac_address"],
);
const WIFI_STATION_TRANSMIT_RETRIES_TOTAL = metricDesc(
  "node_wifi_station_transmit_retries_total",
  "counter",
  "The total number of times a station has had to retry while sending a packet.",
  ["device", "mac_address"],
);
const WIFI_STATION_TRANSMIT_FAILED_TOTAL = metricDesc(
  "node_wifi_station_transmit_failed_total",
  "counter",
  "The total number of times a station has failed to send a packet.",
  ["device", "mac_address"],
);
const WIFI_STATION_BEACON_LOSS_TOTAL = metricDesc(
  "node_wifi_station_beacon_loss_total",
  "counter",
  "The total number of times a station has detected a beacon loss.",
  ["device", "mac_address"],
);

const WIFI_INTERFACE_FREQUENCY_HERTZ = metricDesc(
  "node_wifi_interface_frequency_hertz",
  "gauge",
  "The current frequency a WiFi interface is operating at, in hertz.",
  ["device"],
);
const WIFI_STATION_INFO = metricDesc(
  "node_wifi_station_info",
  "gauge",
  "Labeled WiFi interface station information as provided by the operating system.",
  ["device", "bssid", "ssid", "mode"],
);

const INTERFACE_FIELDS = {
  Index: "int",
  Name: "string",
  HardwareAddr: "bytes",
  PHY: "int",
  Device: "int",
  Type: "int",
  Frequency: "int",
} as const;

const BSS_FIELDS = {
  SSID: "string",
  BSSID: "bytes",
  Frequency: "int",
  BeaconInterval: "int",
  LastSeen: "int",
  Status: "int",
} as const;

const STATION_FIELDS = {
  HardwareAddr: "bytes",
  Connected: "int",
  Inactive: "int",
  ReceivedBytes: "int",
  TransmittedBytes: "int",
  ReceivedPackets: "int",
  TransmittedPackets: "int",
  ReceiveBitrate: "int",
  TransmitBitrate: "int",
  Signal: "int",
  TransmitRetries: "int",
  TransmitFailed: "int",
  BeaconLoss: "int",
} as const;

export type WifiInterface = GoStruct<typeof INTERFACE_FIELDS>;
export type WifiBSS = GoStruct<typeof BSS_FIELDS>;
export type WifiStation = GoStruct<typeof STATION_FIELDS>;

/** Where the statistics come from: upstream's wifiStater. Absent data throws ENOENT. */
export interface WifiSource {
  interfaces(): WifiInterface[];
  bss(ifi: WifiInterface): WifiBSS;
  stations(ifi: WifiInterface): WifiStation[];
}

/** upstream's mockWifiStater: interfaces.json, <iface>/bss.json, <iface>/stationinfo.json. */
export function fixtureWifiSource(dir: string): WifiSource {
  const read = (file: string) => readText(join(dir, file), "utf8");
  const where = (file: string, err: unknown) => new Error(`${join(dir, file)}: ${(err as Error).message}`, { cause: err });
  const decode = <T>(file: string, f: (text: string) => T): T => {
    const text = read(file);
    try {
      return f(text);
    } catch (err) {
      throw where(file, err);
    }
  };
  return {
    interfaces: () => decode("interfaces.json", (t) => decodeGoStructArray(t, INTERFACE_FIELDS, "wifi.Interface")),
    bss: (ifi) => decode(join(ifi.Name, "bss.json"), (t) => decodeGoStruct(JSON.parse(t), BSS_FIELDS, "wifi.BSS")),
    stations: (ifi) => decode(join(ifi.Name, "stationinfo.json"), (t) => decodeGoStructArray(t, STATION_FIELDS, "wifi.StationInfo")),
  };
}

// mdlayher/wifi BSSStatus values.
const BSS_AUTHENTICATED = 0;
const BSS_ASSOCIATED = 1;
const BSS_IBSS_JOINED = 2;

export function bssStatusMode(status: number): string {
  if (status === BSS_AUTHENTICATED || status === BSS_ASSOCIATED) return "client";
  if (status === BSS_IBSS_JOINED) return "ad-hoc";
  return "unknown";
}

export function collectWifi(out: FamilyBuilder, source: WifiSource, logger: Logger): void {
  let ifis: WifiInterface[];
  try {
    ifis = source.interfaces();
  } catch (err) {
    throw new Error(`failed to retrieve wifi interfaces: ${(err as Error).message}`, { cause: err });
  }
  for (const ifi of ifis) {
    // Some virtual devices have no name.
    if (ifi.Name === "") continue;
    logger.debug("probing wifi device with type", { wifi: ifi.Name, type: ifi.Type });
    out.add(WIFI_INTERFACE_FREQUENCY_HERTZ, ifi.Frequency * 1000 * 1000, { device: ifi.Name });
    try {
      const bss = source.bss(ifi);
      out.add(WIFI_STATION_INFO, 1, {
        device: ifi.Name,
        bssid: hardwareAddrString(bss.BSSID),
        ssid: bss.SSID,
        mode: bssStatusMode(bss.Status),
      });
    } catch (err) {
      if (!isNotFound(err)) throw new Error(`failed to retrieve BSS for device ${ifi.Name}: ${(err as Error).message}`, { cause: err });
      logger.debug("BSS information not found for wifi device", { name: ifi.Name });
    }
    let stations: WifiStation[] = [];
    try {
      stations = source.stations(ifi);
    } catch (err) {
      if (!isNotFound(err)) {
        throw new Error(`failed to retrieve station info for device "${ifi.Name}": ${(err as Error).message}`, { cause: err });
      }
      logger.debug("station information not found for wifi device", { name: ifi.Name });
    }
    for (const s of stations) emitStation(out, ifi.Name, s);
  }
}

function emitStation(out: FamilyBuilder, device: string, s: WifiStation): void {
  const labels = { device, mac_address: hardwareAddrString(s.HardwareAddr) };
  // Connected and Inactive are time.Duration nanoseconds.
  out.add(WIFI_STATION_CONNECTED_SECONDS_TOTAL, s.Connected / 1e9, labels);
  out.add(WIFI_STATION_INACTIVE_SECONDS, s.Inactive / 1e9, labels);
  out.add(WIFI_STATION_RECEIVE_BITS_PER_SECOND, s.ReceiveBitrate, labels);
  out.add(WIFI_STATION_TRANSMIT_BITS_PER_SECOND, s.TransmitBitrate, labels);
  out.add(WIFI_STATION_RECEIVE_BYTES_TOTAL, s.ReceivedBytes, labels);
  out.add(WIFI_STATION_TRANSMIT_BYTES_TOTAL, s.TransmittedBytes, labels);
  out.add(WIFI_STATION_SIGNAL_DBM, s.Signal, labels);
  out.add(WIFI_STATION_TRANSMIT_RETRIES_TOTAL, s.TransmitRetries, labels);
  out.add(WIFI_STATION_TRANSMIT_FAILED_TOTAL, s.TransmitFailed, labels);
  out.add(WIFI_STATION_BEACON_LOSS_TOTAL, s.BeaconLoss, labels);
  out.add(WIFI_STATION_TRANSMITTED_PACKETS_TOTAL, s.TransmittedPackets, labels);
  out.add(WIFI_STATION_RECEIVED_PACKETS_TOTAL, s.ReceivedPackets, labels);
}

export const wifiCollector = defineCollector({
  name: "wifi",
  options: WIFI_OPTIONS,
  create({ options, logger }) {
    const fixtures = options.fixtures;
    return {
      update(out) {
        if (fixtures !== "") {
          collectWifi(out, fixtureWifiSource(fixtures), logger);
          return;
        }
        let client: Nl80211Client;
        try {
          client = openNl80211();
        } catch (err) {
          // No nl80211 family (no wifi driver) or no right to ask: upstream reports no data.
          if (isNotFound(err)) {
            logger.debug("wifi collector metrics are not available for this system");
            throw new NoDataError();
          }
          if (isPermissionError(err)) {
            logger.debug("wifi collector got permission denied when accessing metrics");
            throw new NoDataError();
          }
          throw new Error(`failed to access wifi data: ${(err as Error).message}`, { cause: err });
        }
        collectWifi(out, client, logger);
      },
    };
  },
});
