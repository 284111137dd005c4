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
  errorCodeAt,
  forEachMessage,
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
const bufView = new DataView(buf.buffer);
const timeout = new BigInt64Array([BigInt(RECV_TIMEOUT_SECONDS), 0n]);

/**
 * Sends a dump request of `type` with `payload` on a new socket of
 * `protocol` and returns every answer message up to NLMSG_DONE.
 */
export function netlinkDump(protocol: number, type: number, payload: Uint8Array): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  let copy: Uint8Array | undefined;
  dump(protocol, type, payload, (n) => {
    // Copy: the receive buffer is reused for the next datagram.
    copy = buf.slice(0, n);
  }, (msgType, flags, seq, start, end) => {
    out.push({ type: msgType, flags, seq, payload: copy!.subarray(start, end) });
  });
  return out;
}

/**
 * netlinkDump without the copies: visit(type, view, start, end) for each
 * answer message, its payload being view's bytes [start, end). The view is
 * the shared receive buffer, valid only during the call. For the callers
 * that run on every scrape (arp), which then allocate nothing per message:
 * no datagram copy, message object, sub-array or DataView.
 */
export function netlinkDumpEach(
  protocol: number,
  type: number,
  payload: Uint8Array,
  visit: (type: number, view: DataView, start: number, end: number) => void,
): void {
  dump(protocol, type, payload, () => {}, (msgType, _flags, _seq, start, end) => visit(msgType, bufView, start, end));
}

function dump(
  protocol: number,
  type: number,
  payload: Uint8Array,
  onDatagram: (length: number) => void,
  onMessage: (type: number, flags: number, seq: number, start: number, end: number) => void,
): void {
  const l = libcSymbols();
  const fd = l.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
  if (fd < 0) throw errnoError("socket");
  try {
    if (l.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, ptr(timeout), 16) < 0) throw errnoError("setsockopt");
    const seq = sequence++;
    const request = encodeRequest(type, NLM_F_REQUEST | NLM_F_DUMP, seq, payload);
    if (Number(l.send(fd, ptr(request), request.length, 0)) < 0) throw errnoError("send");
    let done = false;
    let failure: Error | undefined;
    const each = (msgType: number, flags: number, msgSeq: number, start: number, end: number): boolean => {
      if (msgSeq !== seq) return true;
      if (msgType === NLMSG_DONE) {
        const code = errorCodeAt(bufView, start, end);
        if (code > 0) failure = withErrno(`netlink dump of type ${type}: kernel error ${code}`, code);
        done = true;
        return false;
      }
      if (msgType === NLMSG_ERROR) {
        const code = errorCodeAt(bufView, start, end);
        if (code === 0) return true;
        failure = withErrno(`netlink dump of type ${type}: ${strerror(code)} (errno ${code})`, code);
        return false;
      }
      onMessage(msgType, flags, msgSeq, start, end);
      return true;
    };
    while (!done) {
      const n = Number(l.recv(fd, ptr(buf), buf.length, 0));
      if (n < 0) throw errnoError("recv");
      if (n === 0) throw new Error("netlink recv: socket closed before the dump ended");
      onDatagram(n);
      forEachMessage(bufView, n, each);
      if (failure) throw failure;
    }
  } finally {
    l.close(fd);
  }
}
