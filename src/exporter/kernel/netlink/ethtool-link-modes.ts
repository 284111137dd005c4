// ETHTOOL_MSG_LINKMODES_GET over generic netlink (linux/ethtool_netlink.h):
// speed and duplex of every device whose driver reports link settings. The
// kernel leaves devices without get_link_ksettings (lo, dummy...) out of the dump.

import { attributeString, parseAttributes, type NetlinkMessage } from "./netlink-messages.ts";
import { netlinkDump } from "./netlink-socket.ts";
import { attributeU32, attributeU8 } from "./rtnetlink-links.ts";
import { NETLINK_GENERIC } from "./genetlink-families.ts";

export const ETHTOOL_GENL_NAME = "ethtool";
const ETHTOOL_GENL_VERSION = 1;
const GENL_HDRLEN = 4;
const ETHTOOL_MSG_LINKMODES_GET = 4;
const ETHTOOL_MSG_LINKMODES_GET_REPLY = 4;
const ETHTOOL_A_LINKMODES_HEADER = 1;
const ETHTOOL_A_LINKMODES_SPEED = 5;
const ETHTOOL_A_LINKMODES_DUPLEX = 6;
const ETHTOOL_A_HEADER_DEV_INDEX = 1;
const ETHTOOL_A_HEADER_DEV_NAME = 2;
const ETHTOOL_A_HEADER_FLAGS = 3;
const ETHTOOL_FLAG_COMPACT_BITSETS = 1;
// Strictly validated genetlink policies reject a nested attribute without it.
const NLA_F_NESTED = 0x8000;

export interface LinkMode {
  index: number;
  name: string;
  /** u32 from the kernel: SPEED_UNKNOWN arrives as 4294967295, not -1. Absent reads 0. */
  speedMegabits: number;
  /** DUPLEX_HALF 0, DUPLEX_FULL 1, DUPLEX_UNKNOWN 255. Absent reads 0. */
  duplex: number;
}

/** The dump request payload: genl header, then a header nest asking for compact bitsets. */
export function encodeLinkModesRequest(): Uint8Array {
  const out = new Uint8Array(GENL_HDRLEN + 4 + 8);
  const v = new DataView(out.buffer);
  out[0] = ETHTOOL_MSG_LINKMODES_GET;
  out[1] = ETHTOOL_GENL_VERSION;
  v.setUint16(4, 12, true);
  v.setUint16(6, ETHTOOL_A_LINKMODES_HEADER | NLA_F_NESTED, true);
  v.setUint16(8, 8, true);
  v.setUint16(10, ETHTOOL_A_HEADER_FLAGS, true);
  v.setUint32(12, ETHTOOL_FLAG_COMPACT_BITSETS, true);
  return out;
}

/** Link modes from the answers of a LINKMODES_GET dump sent to family `familyId`. */
export function parseLinkModeMessages(messages: NetlinkMessage[], familyId: number): LinkMode[] {
  const out: LinkMode[] = [];
  for (const m of messages) {
    if (m.type !== familyId || m.payload.length < GENL_HDRLEN || m.payload[0] !== ETHTOOL_MSG_LINKMODES_GET_REPLY) continue;
    const attrs = parseAttributes(m.payload, GENL_HDRLEN);
    const header = attrs.get(ETHTOOL_A_LINKMODES_HEADER);
    const dev = header ? parseAttributes(header, 0) : new Map<number, Uint8Array>();
    const name = dev.get(ETHTOOL_A_HEADER_DEV_NAME);
    out.push({
      index: attributeU32(dev.get(ETHTOOL_A_HEADER_DEV_INDEX)) ?? 0,
      name: name ? attributeString(name) : "",
      speedMegabits: attributeU32(attrs.get(ETHTOOL_A_LINKMODES_SPEED)) ?? 0,
      duplex: attributeU8(attrs.get(ETHTOOL_A_LINKMODES_DUPLEX)) ?? 0,
    });
  }
  return out;
}

/** Go's stringer names for mdlayher/ethtool's Duplex, which node_exporter puts in the duplex label. */
export function duplexName(duplex: number): string {
  if (duplex === 0) return "Half";
  if (duplex === 1) return "Full";
  if (duplex === 255) return "Unknown";
  return `Duplex(${duplex})`;
}

export function listLinkModes(familyId: number): LinkMode[] {
  return parseLinkModeMessages(netlinkDump(NETLINK_GENERIC, familyId, encodeLinkModesRequest()), familyId);
}
