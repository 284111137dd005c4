// Netlink wire format (linux/netlink.h): the framing shared by rtnetlink and
// sock_diag. Pure byte handling, so the parsers are testable without a socket.
// Netlink is host-endian; every Linux target mon ships for is little-endian.

export const NLMSG_HDRLEN = 16;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLM_F_REQUEST = 0x1;
export const NLM_F_DUMP = 0x300;

export interface NetlinkMessage {
  type: number;
  flags: number;
  seq: number;
  /** The bytes after the 16-byte header, up to the message's own length. */
  payload: Uint8Array;
}

const align4 = (n: number) => (n + 3) & ~3;

/** One request message: header plus payload. */
export function encodeRequest(type: number, flags: number, seq: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(NLMSG_HDRLEN + payload.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, out.length, true);
  v.setUint16(4, type, true);
  v.setUint16(6, flags, true);
  v.setUint32(8, seq, true);
  v.setUint32(12, 0, true);
  out.set(payload, NLMSG_HDRLEN);
  return out;
}

/** Splits one received datagram into its messages. */
export function splitMessages(datagram: Uint8Array): NetlinkMessage[] {
  const v = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const out: NetlinkMessage[] = [];
  forEachMessage(v, datagram.length, (type, flags, seq, start, end) => {
    out.push({ type, flags, seq, payload: datagram.subarray(start, end) });
    return true;
  });
  return out;
}

/**
 * The messages of the datagram in view's first `length` bytes, in place:
 * visit(type, flags, seq, start, end) with the payload at [start, end),
 * until it returns false.
 */
export function forEachMessage(
  view: DataView,
  length: number,
  visit: (type: number, flags: number, seq: number, start: number, end: number) => boolean,
): void {
  let off = 0;
  while (off + NLMSG_HDRLEN <= length) {
    const len = view.getUint32(off, true);
    if (len < NLMSG_HDRLEN || off + len > length) {
      throw new Error(`netlink: message at offset ${off} has bad length ${len} (datagram is ${length} bytes)`);
    }
    const go = visit(view.getUint16(off + 4, true), view.getUint16(off + 6, true), view.getUint32(off + 8, true), off + NLMSG_HDRLEN, off + len);
    if (!go) return;
    off += align4(len);
  }
}

/** The errno of an NLMSG_ERROR payload (0 is an acknowledgement). */
export function errorCode(payload: Uint8Array): number {
  return errorCodeAt(new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);
}

/** errorCode of the payload at view's bytes [start, end). */
export function errorCodeAt(view: DataView, start: number, end: number): number {
  if (end - start < 4) return 0;
  return 0 - view.getInt32(start, true);
}

/**
 * visit(type, dataStart, dataEnd) for each route attribute (struct rtattr)
 * in view's bytes [start, end), in order; type is without the top bits
 * (NLA_F_NESTED / NLA_F_NET_BYTEORDER). An attribute whose length does not
 * fit ends the walk.
 */
export function forEachAttribute(
  view: DataView,
  start: number,
  end: number,
  visit: (type: number, dataStart: number, dataEnd: number) => void,
): void {
  for (let off = start; off + 4 <= end; ) {
    const len = view.getUint16(off, true);
    if (len < 4 || off + len > end) return;
    visit(view.getUint16(off + 2, true) & 0x3fff, off + 4, off + len);
    off += align4(len);
  }
}

/** Route attributes (struct rtattr) from `start` to the end of the payload, by type; the last one of a type wins. */
export function parseAttributes(payload: Uint8Array, start: number): Map<number, Uint8Array> {
  const attrs = new Map<number, Uint8Array>();
  forEachAttribute(payloadView(payload), start, payload.length, (type, s, e) => attrs.set(type, payload.subarray(s, e)));
  return attrs;
}

/** Every route attribute of `type` from `start` on, in order (for types a message repeats). */
export function parseRepeatedAttribute(payload: Uint8Array, start: number, type: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  forEachAttribute(payloadView(payload), start, payload.length, (t, s, e) => {
    if (t === type) out.push(payload.subarray(s, e));
  });
  return out;
}

function payloadView(payload: Uint8Array): DataView {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
}

const utf8 = new TextDecoder();

/** A NUL-terminated string attribute. */
export function attributeString(data: Uint8Array): string {
  const end = data.indexOf(0);
  return utf8.decode(end === -1 ? data : data.subarray(0, end));
}

/** attributeString of view's bytes [start, end). */
export function attributeStringAt(view: DataView, start: number, end: number): string {
  return attributeString(new Uint8Array(view.buffer, view.byteOffset + start, end - start));
}
