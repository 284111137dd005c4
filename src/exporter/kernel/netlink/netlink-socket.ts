// The one place mon talks to the kernel over netlink, through libc via
// bun:ffi: open a socket, send one dump request, read until NLMSG_DONE.
// Dumps are answered synchronously by the kernel, so a blocking recv returns
// at once; a receive timeout still guards the scrape against a kernel that
// never answers.

import { ptr } from "bun:ffi";
import { lastErrno, libcSymbols, strerror } from "../libc.ts";
import {
  NLM_F_DUMP,
  NLM_F_REQUEST,
  NLMSG_DONE,
  NLMSG_ERROR,
  type NetlinkMessage,
  encodeRequest,
  errorCode,
  splitMessages,
} from "./netlink-messages.ts";

export const NETLINK_ROUTE = 0;
export const NETLINK_SOCK_DIAG = 4;

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0x80000;
const SOL_SOCKET = 1;
const SO_RCVTIMEO = 20;
const RECV_TIMEOUT_SECONDS = 5;
// The kernel never sends a dump datagram larger than 32 KiB.
const RECV_BUFFER_BYTES = 64 * 1024;

/** An Error carrying the errno, so callers can tell ENOENT or EPERM from other failures. */
export type NetlinkError = Error & { errno: number };

function withErrno(message: string, errno: number): NetlinkError {
  return Object.assign(new Error(message), { errno });
}

function errnoError(call: string): NetlinkError {
  const errno = lastErrno();
  return withErrno(`netlink ${call}: ${strerror(errno)} (errno ${errno})`, errno);
}

let sequence = 1;
// One receive buffer for the process: dumps run synchronously, one at a time.
const buf = new Uint8Array(RECV_BUFFER_BYTES);

/**
 * Sends a dump request of `type` with `payload` on a new socket of
 * `protocol` and returns every answer message up to NLMSG_DONE.
 */
export function netlinkDump(protocol: number, type: number, payload: Uint8Array): NetlinkMessage[] {
  const l = libcSymbols();
  const fd = l.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
  if (fd < 0) throw errnoError("socket");
  try {
    const timeout = new BigInt64Array([BigInt(RECV_TIMEOUT_SECONDS), 0n]);
    if (l.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, ptr(timeout), 16) < 0) throw errnoError("setsockopt");
    const seq = sequence++;
    const request = encodeRequest(type, NLM_F_REQUEST | NLM_F_DUMP, seq, payload);
    if (Number(l.send(fd, ptr(request), request.length, 0)) < 0) throw errnoError("send");
    const out: NetlinkMessage[] = [];
    for (;;) {
      const n = Number(l.recv(fd, ptr(buf), buf.length, 0));
      if (n < 0) throw errnoError("recv");
      if (n === 0) throw new Error("netlink recv: socket closed before the dump ended");
      // Copy: the receive buffer is reused for the next datagram.
      for (const m of splitMessages(buf.slice(0, n))) {
        if (m.seq !== seq) continue;
        if (m.type === NLMSG_DONE) {
          const code = errorCode(m.payload);
          if (code > 0) throw withErrno(`netlink dump of type ${type}: kernel error ${code}`, code);
          return out;
        }
        if (m.type === NLMSG_ERROR) {
          const code = errorCode(m.payload);
          if (code === 0) continue;
          throw withErrno(`netlink dump of type ${type}: ${strerror(code)} (errno ${code})`, code);
        }
        out.push(m);
      }
    }
  } finally {
    l.close(fd);
  }
}
