// RTM_GETADDR: every interface address with its prefix length, as Go's
// net.Interface.Addrs sees them.

import { parseAttributes, type NetlinkMessage } from "./netlink-messages.ts";
import { NETLINK_ROUTE, netlinkDump } from "./netlink-socket.ts";

const RTM_NEWADDR = 20;
const RTM_GETADDR = 22;
const IFADDRMSG_LEN = 8;
const IFA_ADDRESS = 1;
const IFA_LOCAL = 2;
const AF_INET = 2;
const AF_INET6 = 10;

export interface InterfaceAddress {
  ifIndex: number;
  /** 4 bytes for IPv4, 16 for IPv6. */
  address: Uint8Array;
  prefixLength: number;
}

/**
 * One RTM_NEWADDR payload: struct ifaddrmsg, then attributes. On a
 * point-to-point link IFA_ADDRESS is the peer, so IFA_LOCAL wins when
 * present, as in Go's net package. Other families give undefined.
 */
export function parseAddressMessage(payload: Uint8Array): InterfaceAddress | undefined {
  if (payload.length < IFADDRMSG_LEN) throw new Error(`rtnetlink address message: ${payload.length} bytes, want at least ${IFADDRMSG_LEN}`);
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const family = v.getUint8(0);
  const want = family === AF_INET ? 4 : family === AF_INET6 ? 16 : 0;
  if (want === 0) return undefined;
  const attrs = parseAttributes(payload, IFADDRMSG_LEN);
  const raw = attrs.get(IFA_LOCAL) ?? attrs.get(IFA_ADDRESS);
  if (!raw || raw.length < want) return undefined;
  return { ifIndex: v.getUint32(4, true), address: raw.slice(0, want), prefixLength: v.getUint8(1) };
}

export function parseAddressMessages(messages: NetlinkMessage[]): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const m of messages) {
    if (m.type !== RTM_NEWADDR) continue;
    const a = parseAddressMessage(m.payload);
    if (a) out.push(a);
  }
  return out;
}

export function listAddresses(): InterfaceAddress[] {
  return parseAddressMessages(netlinkDump(NETLINK_ROUTE, RTM_GETADDR, new Uint8Array(IFADDRMSG_LEN)));
}
