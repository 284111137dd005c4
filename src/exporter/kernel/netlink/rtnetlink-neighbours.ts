// RTM_GETNEIGH: the kernel's neighbour table (ARP for IPv4, NDP for IPv6).

import type { NetlinkMessage } from "./netlink-messages.ts";
import { NETLINK_ROUTE, netlinkDumpEach } from "./netlink-socket.ts";

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
  return neighbourAt(new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);
}

/** parseNeighbourMessage of the payload at view's bytes [start, end). */
export function neighbourAt(view: DataView, start: number, end: number): Neighbour {
  if (end - start < NDMSG_LEN) throw new Error(`rtnetlink neighbour message: ${end - start} bytes, want at least ${NDMSG_LEN}`);
  return { family: view.getUint8(start), ifIndex: view.getInt32(start + 4, true), state: view.getUint16(start + 8, true) };
}

export function parseNeighbourMessages(messages: NetlinkMessage[]): Neighbour[] {
  return messages.filter((m) => m.type === RTM_NEWNEIGH).map((m) => parseNeighbourMessage(m.payload));
}

const REQUEST = new Uint8Array(NDMSG_LEN);

/** Decoded in the receive buffer (netlinkDumpEach): arp runs this on every scrape. */
export function listNeighbours(): Neighbour[] {
  const out: Neighbour[] = [];
  netlinkDumpEach(NETLINK_ROUTE, RTM_GETNEIGH, REQUEST, (type, view, start, end) => {
    if (type === RTM_NEWNEIGH) out.push(neighbourAt(view, start, end));
  });
  return out;
}
