// sock_diag (linux/inet_diag.h): every TCP socket of one address family with
// its state and queue lengths, as `ss -t -a` sees them.

import type { NetlinkMessage } from "./netlink-messages.ts";
import { NETLINK_SOCK_DIAG, netlinkDump } from "./netlink-socket.ts";

const SOCK_DIAG_BY_FAMILY = 20;
const IPPROTO_TCP = 6;
const TCPF_ALL = 0xfff;
const INET_DIAG_REQ_V2_LEN = 56;
const INET_DIAG_MSG_MIN_LEN = 72;

export const AF_INET = 2;
export const AF_INET6 = 10;

export interface TcpSocket {
  state: number;
  rqueue: number;
  wqueue: number;
}

/** struct inet_diag_req_v2 asking for all TCP sockets of the family in any state. */
export function encodeTcpDiagRequest(family: number): Uint8Array {
  const req = new Uint8Array(INET_DIAG_REQ_V2_LEN);
  const v = new DataView(req.buffer);
  v.setUint8(0, family);
  v.setUint8(1, IPPROTO_TCP);
  v.setUint32(4, TCPF_ALL, true);
  return req;
}

/** struct inet_diag_msg: state at byte 1; idiag_rqueue and idiag_wqueue after the 48-byte socket id and expires. */
export function parseInetDiagMessage(payload: Uint8Array): TcpSocket {
  if (payload.length < INET_DIAG_MSG_MIN_LEN) {
    throw new Error(`inet_diag message: ${payload.length} bytes, want at least ${INET_DIAG_MSG_MIN_LEN}`);
  }
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return { state: v.getUint8(1), rqueue: v.getUint32(56, true), wqueue: v.getUint32(60, true) };
}

export function parseInetDiagMessages(messages: NetlinkMessage[]): TcpSocket[] {
  return messages.filter((m) => m.type === SOCK_DIAG_BY_FAMILY).map((m) => parseInetDiagMessage(m.payload));
}

export function listTcpSockets(family: number): TcpSocket[] {
  return parseInetDiagMessages(netlinkDump(NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY, encodeTcpDiagRequest(family)));
}
