// RTM_GETLINK: every network interface with its rtnl_link_stats64 counters
// and the link attributes netclass reads (linux/if_link.h), as `ip -s -d link`
// sees them.

import { attributeString, attributeStringAt, forEachAttribute, parseAttributes, parseRepeatedAttribute, type NetlinkMessage } from "./netlink-messages.ts";
import { NETLINK_ROUTE, netlinkDump, netlinkDumpEach } from "./netlink-socket.ts";

const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const IFINFOMSG_LEN = 16;
const IFLA_ADDRESS = 1;
const IFLA_BROADCAST = 2;
const IFLA_IFNAME = 3;
const IFLA_MTU = 4;
const IFLA_LINK = 5;
const IFLA_STATS = 7;
const IFLA_TXQLEN = 13;
const IFLA_OPERSTATE = 16;
const IFLA_LINKMODE = 17;
const IFLA_IFALIAS = 20;
const IFLA_STATS64 = 23;
const IFLA_GROUP = 27;
const IFLA_CARRIER = 33;
const IFLA_CARRIER_CHANGES = 35;
const IFLA_CARRIER_UP_COUNT = 47;
const IFLA_CARRIER_DOWN_COUNT = 48;
/** Nested list of the link's properties; each IFLA_ALT_IFNAME in it is one alternative name. */
const IFLA_PROP_LIST = 52;
const IFLA_ALT_IFNAME = 53;

/** The fields of struct rtnl_link_stats(64), in kernel order. */
export const LINK_STAT_FIELDS = [
  "rxPackets", "txPackets", "rxBytes", "txBytes", "rxErrors", "txErrors", "rxDropped", "txDropped",
  "multicast", "collisions", "rxLengthErrors", "rxOverErrors", "rxCrcErrors", "rxFrameErrors",
  "rxFifoErrors", "rxMissedErrors", "txAbortedErrors", "txCarrierErrors", "txFifoErrors",
  "txHeartbeatErrors", "txWindowErrors", "rxCompressed", "txCompressed", "rxNohandler",
] as const;

export type LinkStats = Record<(typeof LINK_STAT_FIELDS)[number], number>;

/**
 * The ifinfomsg header and scalar IFLA_* attributes. Optional fields are
 * absent when the kernel left the attribute out (or sent it too short);
 * mtu, link and operState read 0 then, as rtnetlink clients report them.
 */
export interface LinkAttributes {
  /** ifi_type: ARPHRD_* (1 is Ethernet, 772 loopback). */
  type: number;
  /** ifi_flags as dev_get_flags() reports them, IFF_RUNNING and IFF_LOWER_UP included. */
  flags: number;
  address?: Uint8Array;
  broadcast?: Uint8Array;
  mtu: number;
  /** IFLA_LINK: the ifindex of the lower device; the kernel omits it when that is the device itself. */
  link: number;
  txQueueLen?: number;
  /** IF_OPER_*: 0 unknown .. 6 up. */
  operState: number;
  linkMode?: number;
  alias?: string;
  group?: number;
  carrier?: number;
  carrierChanges?: number;
  carrierUpCount?: number;
  carrierDownCount?: number;
  /** Alternative names (ip link property add ... altname), in the kernel's order. */
  altNames: string[];
}

export interface Link {
  index: number;
  name: string;
  /** Undefined when the kernel sent neither IFLA_STATS64 nor IFLA_STATS. */
  stats?: LinkStats;
}

/** A link as the dump decodes it; consumers that only need names and counters take a Link. */
export interface DecodedLink extends Link {
  /** Whether `stats` came from IFLA_STATS64 rather than the 32-bit IFLA_STATS. */
  stats64: boolean;
  attributes: LinkAttributes;
}

/** Decodes rtnl_link_stats64 (8-byte fields) or rtnl_link_stats (4-byte); fields an older kernel lacks read 0. */
export function decodeLinkStats(data: Uint8Array, fieldBytes: 4 | 8): LinkStats {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const stats = {} as LinkStats;
  LINK_STAT_FIELDS.forEach((field, i) => {
    const off = i * fieldBytes;
    if (off + fieldBytes > data.length) stats[field] = 0;
    else stats[field] = fieldBytes === 8 ? Number(v.getBigUint64(off, true)) : v.getUint32(off, true);
  });
  return stats;
}

/** A u8 attribute; undefined when absent or empty. */
export function attributeU8(data: Uint8Array | undefined): number | undefined {
  return data && data.length >= 1 ? data[0] : undefined;
}

/** A host-endian u32 attribute; undefined when absent or shorter than 4 bytes. */
export function attributeU32(data: Uint8Array | undefined): number | undefined {
  return data && data.length >= 4 ? new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true) : undefined;
}

/** The attributes netclass needs, from the ifinfomsg header and its rtattrs. */
export function decodeLinkAttributes(header: DataView, attrs: Map<number, Uint8Array>): LinkAttributes {
  const alias = attrs.get(IFLA_IFALIAS);
  const propList = attrs.get(IFLA_PROP_LIST);
  return {
    type: header.getUint16(2, true),
    flags: header.getUint32(8, true),
    address: attrs.get(IFLA_ADDRESS),
    broadcast: attrs.get(IFLA_BROADCAST),
    mtu: attributeU32(attrs.get(IFLA_MTU)) ?? 0,
    link: attributeU32(attrs.get(IFLA_LINK)) ?? 0,
    txQueueLen: attributeU32(attrs.get(IFLA_TXQLEN)),
    operState: attributeU8(attrs.get(IFLA_OPERSTATE)) ?? 0,
    linkMode: attributeU8(attrs.get(IFLA_LINKMODE)),
    alias: alias === undefined ? undefined : attributeString(alias),
    group: attributeU32(attrs.get(IFLA_GROUP)),
    carrier: attributeU8(attrs.get(IFLA_CARRIER)),
    carrierChanges: attributeU32(attrs.get(IFLA_CARRIER_CHANGES)),
    carrierUpCount: attributeU32(attrs.get(IFLA_CARRIER_UP_COUNT)),
    carrierDownCount: attributeU32(attrs.get(IFLA_CARRIER_DOWN_COUNT)),
    altNames: propList === undefined ? [] : parseRepeatedAttribute(propList, 0, IFLA_ALT_IFNAME).map(attributeString),
  };
}

/** One RTM_NEWLINK message payload: struct ifinfomsg, then attributes. */
export function parseLinkMessage(payload: Uint8Array): DecodedLink {
  if (payload.length < IFINFOMSG_LEN) throw new Error(`rtnetlink link message: ${payload.length} bytes, want at least ${IFINFOMSG_LEN}`);
  const header = new DataView(payload.buffer, payload.byteOffset, IFINFOMSG_LEN);
  const index = header.getInt32(4, true);
  const attrs = parseAttributes(payload, IFINFOMSG_LEN);
  const name = attrs.has(IFLA_IFNAME) ? attributeString(attrs.get(IFLA_IFNAME)!) : "";
  const s64 = attrs.get(IFLA_STATS64);
  const s32 = attrs.get(IFLA_STATS);
  const stats = s64 ? decodeLinkStats(s64, 8) : s32 ? decodeLinkStats(s32, 4) : undefined;
  return { index, name, stats, stats64: s64 !== undefined, attributes: decodeLinkAttributes(header, attrs) };
}

export function parseLinkMessages(messages: NetlinkMessage[]): DecodedLink[] {
  return messages.filter((m) => m.type === RTM_NEWLINK).map((m) => parseLinkMessage(m.payload));
}

const REQUEST = new Uint8Array(IFINFOMSG_LEN);

export function listLinks(): DecodedLink[] {
  return parseLinkMessages(netlinkDump(NETLINK_ROUTE, RTM_GETLINK, REQUEST));
}

/**
 * The index and name of the link message at view's bytes [start, end), the
 * rest left undecoded (parseLinkMessage decodes all of it); the name is ""
 * without IFLA_IFNAME, as there.
 */
export function linkNameAt(view: DataView, start: number, end: number): { index: number; name: string } {
  if (end - start < IFINFOMSG_LEN) throw new Error(`rtnetlink link message: ${end - start} bytes, want at least ${IFINFOMSG_LEN}`);
  let name = "";
  // The last IFLA_IFNAME wins, as parseAttributes keeps the last of a type.
  forEachAttribute(view, start + IFINFOMSG_LEN, end, (type, s, e) => {
    if (type === IFLA_IFNAME) name = attributeStringAt(view, s, e);
  });
  return { index: view.getInt32(start + 4, true), name };
}

/**
 * Interface index to name, from a dump decoded in the receive buffer
 * (netlinkDumpEach): arp needs only the names, and listLinks' decoding of
 * every attribute and counter was most of arp's 110 KB per scrape.
 */
export function listLinkNames(): Map<number, string> {
  const out = new Map<number, string>();
  netlinkDumpEach(NETLINK_ROUTE, RTM_GETLINK, REQUEST, (type, view, start, end) => {
    if (type !== RTM_NEWLINK) return;
    const { index, name } = linkNameAt(view, start, end);
    out.set(index, name);
  });
  return out;
}
