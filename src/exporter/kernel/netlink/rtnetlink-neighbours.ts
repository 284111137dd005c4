// RTM_GETNEIGH: the kernel's neighbour table (ARP for IPv4, NDP for IPv6).

import type { NetlinkMessage } from "./netlink-messages.ts";
import { NETLINK_ROUTE, netlinkDump } from "./netlink-socket.ts";

const RTM_NEWNEIGH = 28;
const RTM_GETNEIGH = 30;
const NDMSG_LEN = 12;

export const AF_INET = 2;
export const NUD_NOARP = 0x40;

export interface Neighbour {
  family: number;
  ifIndex: number;
  state: number;
}

/** One RTM_NEWNEIGH payload: struct ndmsg (family, pad, ifindex, state, flags, type). */
export function parseNeighbourMessage(payload: Uint8Array): Neighbour {
  if (payload.length < NDMSG_LEN) throw new Error(`rtnetlink neighbour message: ${payload.length} bytes, want at least ${NDMSG_LEN}`);
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return { family: v.getUint8(0), ifIndex: v.getInt32(4, true), state: v.getUint16(8, true) };
}

export function parseNeighbourMessages(messages: NetlinkMessage[]): Neighbour[] {
  return messages.filter((m) => m.type === RTM_NEWNEIGH).map((m) => parseNeighbourMessage(m.payload));
}

export function listNeighbours(): Neighbour[] {
  return parseNeighbourMessages(netlinkDump(NETLINK_ROUTE, RTM_GETNEIGH, new Uint8Array(NDMSG_LEN)));
}
