// RTM_GETROUTE over all families and tables: each route's header fields and
// the attributes node_exporter's network_route collector uses, decoded as
// github.com/jsimonetti/rtnetlink v1.4.1 does (Src is RTA_PREFSRC).

import { parseAttributes, type NetlinkMessage } from "./netlink-messages.ts";
import { NETLINK_ROUTE, netlinkDump } from "./netlink-socket.ts";

const RTM_NEWROUTE = 24;
const RTM_GETROUTE = 26;
const RTMSG_LEN = 12;
const RTNEXTHOP_LEN = 8;
const RTA_DST = 1;
const RTA_OIF = 4;
const RTA_GATEWAY = 5;
const RTA_PRIORITY = 6;
const RTA_PREFSRC = 7;
const RTA_MULTIPATH = 9;

export interface NextHop {
  ifIndex: number;
  hops: number;
  /** Empty when the hop has no gateway. */
  gateway: Uint8Array;
}

export interface Route {
  family: number;
  dstLength: number;
  protocol: number;
  type: number;
  dst: Uint8Array;
  src: Uint8Array;
  gateway: Uint8Array;
  outIface: number;
  priority: number;
  multipath: NextHop[];
}

const EMPTY = new Uint8Array(0);

function ip(data: Uint8Array | undefined, what: string): Uint8Array {
  if (data === undefined) return EMPTY;
  if (data.length !== 4 && data.length !== 16) throw new Error(`rtnetlink route: ${what} has ${data.length} bytes, want 4 or 16`);
  return data.slice();
}

function u32(data: Uint8Array | undefined): number {
  if (data === undefined || data.length < 4) return 0;
  return new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true);
}

/** The rtnexthop records of RTA_MULTIPATH, each followed by its own attributes. */
export function parseMultipath(data: Uint8Array): NextHop[] {
  const hops: NextHop[] = [];
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let off = 0;
  while (off + RTNEXTHOP_LEN <= data.length) {
    const len = v.getUint16(off, true);
    if (len < RTNEXTHOP_LEN || off + len > data.length) throw new Error(`rtnetlink route: bad next hop length ${len}`);
    const attrs = parseAttributes(data.subarray(off, off + len), RTNEXTHOP_LEN);
    hops.push({ hops: v.getUint8(off + 3), ifIndex: v.getUint32(off + 4, true), gateway: ip(attrs.get(RTA_GATEWAY), "next hop gateway") });
    off += (len + 3) & ~3;
  }
  return hops;
}

/** One RTM_NEWROUTE payload: struct rtmsg, then attributes. */
export function parseRouteMessage(payload: Uint8Array): Route {
  if (payload.length < RTMSG_LEN) throw new Error(`rtnetlink route message: ${payload.length} bytes, want at least ${RTMSG_LEN}`);
  const attrs = parseAttributes(payload, RTMSG_LEN);
  const mp = attrs.get(RTA_MULTIPATH);
  return {
    family: payload[0],
    dstLength: payload[1],
    protocol: payload[5],
    type: payload[7],
    dst: ip(attrs.get(RTA_DST), "RTA_DST"),
    src: ip(attrs.get(RTA_PREFSRC), "RTA_PREFSRC"),
    gateway: ip(attrs.get(RTA_GATEWAY), "RTA_GATEWAY"),
    outIface: u32(attrs.get(RTA_OIF)),
    priority: u32(attrs.get(RTA_PRIORITY)),
    multipath: mp ? parseMultipath(mp) : [],
  };
}

export function parseRouteMessages(messages: NetlinkMessage[]): Route[] {
  return messages.filter((m) => m.type === RTM_NEWROUTE).map((m) => parseRouteMessage(m.payload));
}

export function listRoutes(): Route[] {
  return parseRouteMessages(netlinkDump(NETLINK_ROUTE, RTM_GETROUTE, new Uint8Array(RTMSG_LEN)));
}
