// nl80211 (linux/nl80211.h) over generic netlink: the request payloads and
// pure decoders of the answers into the structures node_exporter's wifi
// collector reads (mdlayher/wifi v0.1.0's Interface, BSS and StationInfo, with
// durations in nanoseconds as Go's time.Duration). No socket here.

import { decodeRune } from "../../../go/quote.ts";
import { type NetlinkMessage, attributeString, parseAttributes } from "./netlink-messages.ts";

export const NL80211_GENL_NAME = "nl80211";
// The kernel registers nl80211 as version 1 and does not check it on requests.
const NL80211_GENL_VERSION = 1;
const GENL_HDRLEN = 4;

export const NL80211_CMD_GET_INTERFACE = 5;
export const NL80211_CMD_GET_STATION = 17;
export const NL80211_CMD_GET_SCAN = 32;

const NL80211_ATTR_WIPHY = 1;
const NL80211_ATTR_IFINDEX = 3;
const NL80211_ATTR_IFNAME = 4;
const NL80211_ATTR_IFTYPE = 5;
const NL80211_ATTR_MAC = 6;
const NL80211_ATTR_STA_INFO = 21;
const NL80211_ATTR_WIPHY_FREQ = 38;
const NL80211_ATTR_BSS = 47;
const NL80211_ATTR_WDEV = 153;

const NL80211_BSS_BSSID = 1;
const NL80211_BSS_FREQUENCY = 2;
const NL80211_BSS_BEACON_INTERVAL = 4;
const NL80211_BSS_INFORMATION_ELEMENTS = 6;
const NL80211_BSS_STATUS = 9;
const NL80211_BSS_SEEN_MS_AGO = 10;

const NL80211_STA_INFO_INACTIVE_TIME = 1;
const NL80211_STA_INFO_RX_BYTES = 2;
const NL80211_STA_INFO_TX_BYTES = 3;
const NL80211_STA_INFO_SIGNAL = 7;
const NL80211_STA_INFO_TX_BITRATE = 8;
const NL80211_STA_INFO_RX_PACKETS = 9;
const NL80211_STA_INFO_TX_PACKETS = 10;
const NL80211_STA_INFO_TX_RETRIES = 11;
const NL80211_STA_INFO_TX_FAILED = 12;
const NL80211_STA_INFO_RX_BITRATE = 14;
const NL80211_STA_INFO_CONNECTED_TIME = 16;
const NL80211_STA_INFO_BEACON_LOSS = 18;
const NL80211_STA_INFO_RX_BYTES64 = 23;
const NL80211_STA_INFO_TX_BYTES64 = 24;

const NL80211_RATE_INFO_BITRATE = 1;
const NL80211_RATE_INFO_BITRATE32 = 5;

// 802.11 information element id of the SSID.
const IE_SSID = 0;

const NS_PER_MS = 1e6;
const NS_PER_S = 1e9;

export interface Nl80211Interface {
  Index: number;
  Name: string;
  HardwareAddr: Uint8Array;
  PHY: number;
  Device: number;
  Type: number;
  /** MHz. */
  Frequency: number;
}

export interface Nl80211BSS {
  SSID: string;
  BSSID: Uint8Array;
  Frequency: number;
  /** Nanoseconds. */
  BeaconInterval: number;
  /** Nanoseconds. */
  LastSeen: number;
  Status: number;
}

export interface Nl80211Station {
  HardwareAddr: Uint8Array;
  /** Nanoseconds. */
  Connected: number;
  /** Nanoseconds. */
  Inactive: number;
  ReceivedBytes: number;
  TransmittedBytes: number;
  ReceivedPackets: number;
  TransmittedPackets: number;
  /** Bits per second. */
  ReceiveBitrate: number;
  /** Bits per second. */
  TransmitBitrate: number;
  /** dBm. */
  Signal: number;
  TransmitRetries: number;
  TransmitFailed: number;
  BeaconLoss: number;
}

function view(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

// Upstream's nlenc readers panic on a wrong width; mon rejects the attribute.
function fixed(data: Uint8Array, width: number, what: string): DataView {
  if (data.length !== width) throw new Error(`nl80211: attribute ${what} has ${data.length} bytes, want ${width}`);
  return view(data);
}

const u16 = (data: Uint8Array, what: string) => fixed(data, 2, what).getUint16(0, true);
const u32 = (data: Uint8Array, what: string) => fixed(data, 4, what).getUint32(0, true);
const u64 = (data: Uint8Array, what: string) => Number(fixed(data, 8, what).getBigUint64(0, true));

function encodeU32Attribute(type: number, value: number): Uint8Array {
  const out = new Uint8Array(8);
  const v = view(out);
  v.setUint16(0, 8, true);
  v.setUint16(2, type, true);
  v.setUint32(4, value, true);
  return out;
}

function encodeBytesAttribute(type: number, data: Uint8Array): Uint8Array {
  const len = 4 + data.length;
  const out = new Uint8Array((len + 3) & ~3);
  const v = view(out);
  v.setUint16(0, len, true);
  v.setUint16(2, type, true);
  out.set(data, 4);
  return out;
}

/**
 * The generic netlink payload of an nl80211 request: command header, then
 * for an interface its index and, when it has one, its MAC (as upstream sends).
 */
export function encodeNl80211Request(command: number, ifi?: Pick<Nl80211Interface, "Index" | "HardwareAddr">): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([command, NL80211_GENL_VERSION, 0, 0])];
  if (ifi) {
    parts.push(encodeU32Attribute(NL80211_ATTR_IFINDEX, ifi.Index));
    if (ifi.HardwareAddr.length > 0) parts.push(encodeBytesAttribute(NL80211_ATTR_MAC, ifi.HardwareAddr));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function genlAttributes(m: NetlinkMessage): Map<number, Uint8Array> {
  if (m.payload.length < GENL_HDRLEN) throw new Error(`nl80211: message of ${m.payload.length} bytes has no generic netlink header`);
  return parseAttributes(m.payload, GENL_HDRLEN);
}

/** One interface per NL80211_CMD_GET_INTERFACE answer; absent attributes stay zero. */
export function parseInterfaceMessages(messages: NetlinkMessage[]): Nl80211Interface[] {
  return messages.map((m) => {
    const ifi: Nl80211Interface = { Index: 0, Name: "", HardwareAddr: new Uint8Array(0), PHY: 0, Device: 0, Type: 0, Frequency: 0 };
    for (const [type, data] of genlAttributes(m)) {
      if (type === NL80211_ATTR_IFINDEX) ifi.Index = u32(data, "NL80211_ATTR_IFINDEX");
      else if (type === NL80211_ATTR_IFNAME) ifi.Name = attributeString(data);
      else if (type === NL80211_ATTR_MAC) ifi.HardwareAddr = data.slice();
      else if (type === NL80211_ATTR_WIPHY) ifi.PHY = u32(data, "NL80211_ATTR_WIPHY");
      else if (type === NL80211_ATTR_IFTYPE) ifi.Type = u32(data, "NL80211_ATTR_IFTYPE");
      else if (type === NL80211_ATTR_WDEV) ifi.Device = u64(data, "NL80211_ATTR_WDEV");
      else if (type === NL80211_ATTR_WIPHY_FREQ) ifi.Frequency = u32(data, "NL80211_ATTR_WIPHY_FREQ");
    }
    return ifi;
  });
}

/** 802.11 information elements: id, length, data, repeated; a truncated element is an error. */
export function parseInformationElements(data: Uint8Array): { id: number; data: Uint8Array }[] {
  const out: { id: number; data: Uint8Array }[] = [];
  let i = 0;
  while (i < data.length) {
    if (data.length - i < 2) throw new Error(`nl80211: information element at offset ${i} is truncated`);
    const id = data[i];
    const len = data[i + 1];
    i += 2;
    if (data.length - i < len) throw new Error(`nl80211: information element ${id} at offset ${i - 2} wants ${len} bytes, has ${data.length - i}`);
    out.push({ id, data: data.subarray(i, i + len) });
    i += len;
  }
  return out;
}

/** SSID bytes as text, each invalid UTF-8 byte becoming U+FFFD as Go's utf8.DecodeRune loop does. */
export function decodeSsid(data: Uint8Array): string {
  let s = "";
  for (let i = 0; i < data.length; ) {
    const [r, width] = decodeRune(data, i);
    s += String.fromCodePoint(r < 0 ? 0xfffd : r);
    i += width;
  }
  return s;
}

function parseBss(attrs: Map<number, Uint8Array>): Nl80211BSS {
  const bss: Nl80211BSS = { SSID: "", BSSID: new Uint8Array(0), Frequency: 0, BeaconInterval: 0, LastSeen: 0, Status: 0 };
  for (const [type, data] of attrs) {
    if (type === NL80211_BSS_BSSID) bss.BSSID = data.slice();
    else if (type === NL80211_BSS_FREQUENCY) bss.Frequency = u32(data, "NL80211_BSS_FREQUENCY");
    // Time units of 1024 microseconds.
    else if (type === NL80211_BSS_BEACON_INTERVAL) bss.BeaconInterval = u16(data, "NL80211_BSS_BEACON_INTERVAL") * 1024 * 1000;
    else if (type === NL80211_BSS_SEEN_MS_AGO) bss.LastSeen = u32(data, "NL80211_BSS_SEEN_MS_AGO") * NS_PER_MS;
    else if (type === NL80211_BSS_STATUS) bss.Status = u32(data, "NL80211_BSS_STATUS");
    else if (type === NL80211_BSS_INFORMATION_ELEMENTS) {
      for (const ie of parseInformationElements(data)) if (ie.id === IE_SSID) bss.SSID = decodeSsid(ie.data);
    }
  }
  return bss;
}

/**
 * The BSS the interface is associated with: the first one in a
 * NL80211_CMD_GET_SCAN dump that carries a status. Undefined when none does.
 */
export function parseScanMessages(messages: NetlinkMessage[]): Nl80211BSS | undefined {
  for (const m of messages) {
    const nested = genlAttributes(m).get(NL80211_ATTR_BSS);
    if (!nested) continue;
    const attrs = parseAttributes(nested, 0);
    if (attrs.has(NL80211_BSS_STATUS)) return parseBss(attrs);
  }
  return undefined;
}

/** NL80211_RATE_INFO in bits per second: the 32-bit rate, else the 16-bit one (both in 100 kbit/s). */
export function parseRateInfo(data: Uint8Array): number {
  let rate = 0;
  for (const [type, value] of parseAttributes(data, 0)) {
    if (type === NL80211_RATE_INFO_BITRATE32) rate = u32(value, "NL80211_RATE_INFO_BITRATE32");
    if (rate === 0 && type === NL80211_RATE_INFO_BITRATE) rate = u16(value, "NL80211_RATE_INFO_BITRATE");
  }
  return rate * 100 * 1000;
}

function parseStationInfo(station: Nl80211Station, attrs: Map<number, Uint8Array>): void {
  // Attribute order matters as upstream walks it: a 32-bit byte counter only
  // counts while no non-zero 64-bit one came before it, and a later 64-bit one wins.
  for (const [type, data] of attrs) {
    if (type === NL80211_STA_INFO_CONNECTED_TIME) station.Connected = u32(data, "NL80211_STA_INFO_CONNECTED_TIME") * NS_PER_S;
    else if (type === NL80211_STA_INFO_INACTIVE_TIME) station.Inactive = u32(data, "NL80211_STA_INFO_INACTIVE_TIME") * NS_PER_MS;
    else if (type === NL80211_STA_INFO_RX_BYTES64) station.ReceivedBytes = u64(data, "NL80211_STA_INFO_RX_BYTES64");
    else if (type === NL80211_STA_INFO_TX_BYTES64) station.TransmittedBytes = u64(data, "NL80211_STA_INFO_TX_BYTES64");
    else if (type === NL80211_STA_INFO_SIGNAL) {
      if (data.length < 1) throw new Error("nl80211: attribute NL80211_STA_INFO_SIGNAL is empty");
      station.Signal = view(data).getInt8(0);
    } else if (type === NL80211_STA_INFO_RX_PACKETS) station.ReceivedPackets = u32(data, "NL80211_STA_INFO_RX_PACKETS");
    else if (type === NL80211_STA_INFO_TX_PACKETS) station.TransmittedPackets = u32(data, "NL80211_STA_INFO_TX_PACKETS");
    else if (type === NL80211_STA_INFO_TX_RETRIES) station.TransmitRetries = u32(data, "NL80211_STA_INFO_TX_RETRIES");
    else if (type === NL80211_STA_INFO_TX_FAILED) station.TransmitFailed = u32(data, "NL80211_STA_INFO_TX_FAILED");
    else if (type === NL80211_STA_INFO_BEACON_LOSS) station.BeaconLoss = u32(data, "NL80211_STA_INFO_BEACON_LOSS");
    else if (type === NL80211_STA_INFO_RX_BITRATE) station.ReceiveBitrate = parseRateInfo(data);
    else if (type === NL80211_STA_INFO_TX_BITRATE) station.TransmitBitrate = parseRateInfo(data);
    if (station.ReceivedBytes === 0 && type === NL80211_STA_INFO_RX_BYTES) station.ReceivedBytes = u32(data, "NL80211_STA_INFO_RX_BYTES");
    if (station.TransmittedBytes === 0 && type === NL80211_STA_INFO_TX_BYTES) station.TransmittedBytes = u32(data, "NL80211_STA_INFO_TX_BYTES");
  }
}

/**
 * One station per NL80211_CMD_GET_STATION answer. Undefined when the dump is
 * empty or an answer has no NL80211_ATTR_STA_INFO: upstream then reports the
 * interface as having no station information at all.
 */
export function parseStationMessages(messages: NetlinkMessage[]): Nl80211Station[] | undefined {
  if (messages.length === 0) return undefined;
  const stations: Nl80211Station[] = [];
  for (const m of messages) {
    const station: Nl80211Station = {
      HardwareAddr: new Uint8Array(0),
      Connected: 0,
      Inactive: 0,
      ReceivedBytes: 0,
      TransmittedBytes: 0,
      ReceivedPackets: 0,
      TransmittedPackets: 0,
      ReceiveBitrate: 0,
      TransmitBitrate: 0,
      Signal: 0,
      TransmitRetries: 0,
      TransmitFailed: 0,
      BeaconLoss: 0,
    };
    let found = false;
    // Upstream stops at NL80211_ATTR_STA_INFO: a MAC after it is not read.
    for (const [type, data] of genlAttributes(m)) {
      if (type === NL80211_ATTR_MAC) station.HardwareAddr = data.slice();
      else if (type === NL80211_ATTR_STA_INFO) {
        parseStationInfo(station, parseAttributes(data, 0));
        found = true;
        break;
      }
    }
    if (!found) return undefined;
    stations.push(station);
  }
  return stations;
}
