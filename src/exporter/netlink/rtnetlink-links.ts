// RTM_GETLINK: every network interface with its rtnl_link_stats64 counters
// (linux/if_link.h), as `ip -s link` sees them.

import { attributeString, parseAttributes, type NetlinkMessage } from "./netlink-messages.ts";
import { NETLINK_ROUTE, netlinkDump } from "./netlink-socket.ts";

const RTM_NEWLINK = 16;
const RTM_GETLINK = 18;
const IFINFOMSG_LEN = 16;
const IFLA_IFNAME = 3;
const IFLA_STATS = 7;
const IFLA_STATS64 = 23;

/** The fields of struct rtnl_link_stats(64), in kernel order. */
export const LINK_STAT_FIELDS = [
  "rxPackets", "txPackets", "rxBytes", "txBytes", "rxErrors", "txErrors", "rxDropped", "txDropped",
  "multicast", "collisions", "rxLengthErrors", "rxOverErrors", "rxCrcErrors", "rxFrameErrors",
  "rxFifoErrors", "rxMissedErrors", "txAbortedErrors", "txCarrierErrors", "txFifoErrors",
  "txHeartbeatErrors", "txWindowErrors", "rxCompressed", "txCompressed", "rxNohandler",
] as const;

export type LinkStats = Record<(typeof LINK_STAT_FIELDS)[number], number>;

export interface Link {
  index: number;
  name: string;
  /** Undefined when the kernel sent neither IFLA_STATS64 nor IFLA_STATS. */
  stats?: LinkStats;
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

/** One RTM_NEWLINK message payload: struct ifinfomsg, then attributes. */
export function parseLinkMessage(payload: Uint8Array): Link {
  if (payload.length < IFINFOMSG_LEN) throw new Error(`rtnetlink link message: ${payload.length} bytes, want at least ${IFINFOMSG_LEN}`);
  const index = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getInt32(4, true);
  const attrs = parseAttributes(payload, IFINFOMSG_LEN);
  const name = attrs.has(IFLA_IFNAME) ? attributeString(attrs.get(IFLA_IFNAME)!) : "";
  const s64 = attrs.get(IFLA_STATS64);
  const s32 = attrs.get(IFLA_STATS);
  const stats = s64 ? decodeLinkStats(s64, 8) : s32 ? decodeLinkStats(s32, 4) : undefined;
  return { index, name, stats };
}

export function parseLinkMessages(messages: NetlinkMessage[]): Link[] {
  return messages.filter((m) => m.type === RTM_NEWLINK).map((m) => parseLinkMessage(m.payload));
}

export function listLinks(): Link[] {
  return parseLinkMessages(netlinkDump(NETLINK_ROUTE, RTM_GETLINK, new Uint8Array(IFINFOMSG_LEN)));
}
