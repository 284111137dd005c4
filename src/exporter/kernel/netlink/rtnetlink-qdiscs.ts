// RTM_GETQDISC: the queueing disciplines of every interface with their
// statistics, decoded as github.com/ema/qdisc v1.0.0 (node_exporter's
// library) does: TCA_STATS2 first, then the legacy TCA_STATS the kernel
// appends after it overrides the fields both carry.

import { attributeString, parseAttributes, type NetlinkMessage } from "./netlink-messages.ts";
import { NETLINK_ROUTE, netlinkDump } from "./netlink-socket.ts";
import { listLinks } from "./rtnetlink-links.ts";

const RTM_NEWQDISC = 36;
const RTM_GETQDISC = 38;
const TCMSG_LEN = 20;
const TCA_KIND = 1;
const TCA_STATS = 3;
const TCA_STATS2 = 7;
const TCA_STATS_BASIC = 1;
const TCA_STATS_QUEUE = 3;
const TC_H_ROOT = 0xffffffff;

export interface QdiscInfo {
  ifaceName: string;
  parent: number;
  handle: number;
  kind: string;
  bytes: number;
  packets: number;
  drops: number;
  requeues: number;
  overlimits: number;
  qlen: number;
  backlog: number;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** One RTM_NEWQDISC payload (struct tcmsg, then attributes); names maps ifindex to name. */
export function parseQdiscMessage(payload: Uint8Array, names: ReadonlyMap<number, string>): QdiscInfo {
  if (payload.length < TCMSG_LEN) throw new Error(`short message, len=${payload.length}`);
  const v = view(payload);
  const ifindex = v.getUint32(4, true);
  const handle = v.getUint32(8, true);
  let parent = v.getUint32(12, true);
  if (parent === TC_H_ROOT) parent = 0;
  const q: QdiscInfo = {
    ifaceName: names.get(ifindex) ?? "",
    parent,
    handle,
    kind: "",
    bytes: 0,
    packets: 0,
    drops: 0,
    requeues: 0,
    overlimits: 0,
    qlen: 0,
    backlog: 0,
  };
  const attrs = parseAttributes(payload, TCMSG_LEN);
  const kind = attrs.get(TCA_KIND);
  if (kind) q.kind = attributeString(kind);
  const stats2 = attrs.get(TCA_STATS2);
  if (stats2) {
    const nested = parseAttributes(stats2, 0);
    const basic = nested.get(TCA_STATS_BASIC);
    if (basic && basic.length >= 12) {
      const b = view(basic);
      q.bytes = Number(b.getBigUint64(0, true));
      q.packets = b.getUint32(8, true);
    }
    const queue = nested.get(TCA_STATS_QUEUE);
    if (queue && queue.length >= 20) {
      const s = view(queue);
      q.qlen = s.getUint32(0, true);
      q.backlog = s.getUint32(4, true);
      q.drops = s.getUint32(8, true);
      q.requeues = s.getUint32(12, true);
      q.overlimits = s.getUint32(16, true);
    }
  }
  const legacy = attrs.get(TCA_STATS);
  if (legacy && legacy.length >= 36) {
    // struct tc_stats: bytes, packets, drops, overlimits, bps, pps, qlen, backlog.
    const s = view(legacy);
    q.bytes = Number(s.getBigUint64(0, true));
    q.packets = s.getUint32(8, true);
    q.drops = s.getUint32(12, true);
    q.overlimits = s.getUint32(16, true);
    q.qlen = s.getUint32(28, true);
    q.backlog = s.getUint32(32, true);
  }
  return q;
}

export function parseQdiscMessages(messages: NetlinkMessage[], names: ReadonlyMap<number, string>): QdiscInfo[] {
  return messages.filter((m) => m.type === RTM_NEWQDISC).map((m) => parseQdiscMessage(m.payload, names));
}

export function listQdiscs(): QdiscInfo[] {
  const messages = netlinkDump(NETLINK_ROUTE, RTM_GETQDISC, new Uint8Array(TCMSG_LEN));
  const names = new Map(listLinks().map((l) => [l.index, l.name]));
  return parseQdiscMessages(messages, names);
}
