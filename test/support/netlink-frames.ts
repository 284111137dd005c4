// Builders for netlink datagrams in tests: messages, route attributes.

/** Builds one netlink message: header then payload, padded to 4 bytes. */
export function message(type: number, seq: number, payload: Uint8Array): Uint8Array {
  const len = 16 + payload.length;
  const out = new Uint8Array((len + 3) & ~3);
  const v = new DataView(out.buffer);
  v.setUint32(0, len, true);
  v.setUint16(4, type, true);
  v.setUint32(8, seq, true);
  out.set(payload, 16);
  return out;
}

/** One rtattr, padded. */
export function attr(type: number, data: Uint8Array): Uint8Array {
  const len = 4 + data.length;
  const out = new Uint8Array((len + 3) & ~3);
  const v = new DataView(out.buffer);
  v.setUint16(0, len, true);
  v.setUint16(2, type, true);
  out.set(data, 4);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
