// Decoder for the snappy framing format (what Go's snappy.NewReader reads and
// what clients send with Content-Encoding: snappy): a stream identifier
// chunk, then compressed or uncompressed chunks, each with a masked CRC-32C
// of its uncompressed data. Written here to avoid a dependency for ~150 lines.

export class SnappyError extends Error {
  constructor(message: string) {
    super(`snappy: corrupt input: ${message}`);
    this.name = "SnappyError";
  }
}

const STREAM_ID = [0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]; // "sNaPpY"
const MAX_BLOCK = 65536;

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The checksum as stored in a frame: rotated and offset so that CRCs of CRCs stay useful. */
export function maskedCrc32c(data: Uint8Array): number {
  const c = crc32c(data);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** Decompresses one raw snappy block. */
export function decodeSnappyBlock(src: Uint8Array, maxLength = 0xffffffff): Uint8Array {
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= src.length || shift > 28) throw new SnappyError("bad block length");
    const b = src[pos++];
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  // Checked before allocating: a 5-byte header may claim 4 GiB.
  if (length > maxLength) throw new SnappyError(`block of ${length} bytes is longer than ${maxLength}`);
  const out = new Uint8Array(length);
  let d = 0;
  while (pos < src.length) {
    const tag = src[pos++];
    let len: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        len = tag >> 2;
        if (len >= 60) {
          const n = len - 59;
          if (pos + n > src.length) throw new SnappyError("literal length runs past the block");
          len = 0;
          for (let i = 0; i < n; i++) len += src[pos + i] * 2 ** (8 * i);
          pos += n;
        }
        len += 1;
        if (pos + len > src.length || d + len > length) throw new SnappyError("literal runs past the block");
        out.set(src.subarray(pos, pos + len), d);
        pos += len;
        d += len;
        continue;
      }
      case 1:
        if (pos + 1 > src.length) throw new SnappyError("copy runs past the block");
        len = 4 + ((tag >> 2) & 7);
        offset = ((tag >> 5) << 8) | src[pos];
        pos += 1;
        break;
      case 2:
        if (pos + 2 > src.length) throw new SnappyError("copy runs past the block");
        len = 1 + (tag >> 2);
        offset = src[pos] | (src[pos + 1] << 8);
        pos += 2;
        break;
      default:
        if (pos + 4 > src.length) throw new SnappyError("copy runs past the block");
        len = 1 + (tag >> 2);
        offset = (src[pos] | (src[pos + 1] << 8) | (src[pos + 2] << 16) | (src[pos + 3] << 24)) >>> 0;
        pos += 4;
        break;
    }
    if (offset === 0 || offset > d || d + len > length) throw new SnappyError("bad copy offset or length");
    // Copies may overlap their own output (run-length style), so go byte by byte.
    for (let i = 0; i < len; i++, d++) out[d] = out[d - offset];
  }
  if (d !== length) throw new SnappyError(`block decodes to ${d} bytes, header says ${length}`);
  return out;
}

/** Decodes a whole framed snappy stream. */
export function decodeSnappyFramed(src: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const data of snappyFramedChunks(src)) {
    parts.push(data);
    total += data.length;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The decoded data of a framed snappy stream, one chunk (at most 64 KiB) at a time: a caller can stop early. */
export function* snappyFramedChunks(src: Uint8Array): Generator<Uint8Array> {
  let pos = 0;
  let sawStreamId = false;
  while (pos < src.length) {
    if (pos + 4 > src.length) throw new SnappyError(`chunk header at byte ${pos} is cut off`);
    const type = src[pos];
    const len = src[pos + 1] | (src[pos + 2] << 8) | (src[pos + 3] << 16);
    const body = src.subarray(pos + 4, pos + 4 + len);
    if (body.length !== len) throw new SnappyError(`chunk at byte ${pos} is cut off`);
    if (type === 0xff) {
      if (len !== STREAM_ID.length || STREAM_ID.some((b, i) => body[i] !== b)) {
        throw new SnappyError(`bad stream identifier at byte ${pos}`);
      }
      sawStreamId = true;
    } else if (!sawStreamId) {
      throw new SnappyError("stream does not start with the stream identifier");
    } else if (type === 0x00 || type === 0x01) {
      if (len < 4) throw new SnappyError(`chunk at byte ${pos} is too short for its checksum`);
      const want = (body[0] | (body[1] << 8) | (body[2] << 16) | (body[3] << 24)) >>> 0;
      const data = type === 0x00 ? decodeSnappyBlock(body.subarray(4), MAX_BLOCK) : body.subarray(4);
      if (data.length > MAX_BLOCK) throw new SnappyError(`chunk at byte ${pos} holds more than ${MAX_BLOCK} bytes`);
      if (maskedCrc32c(data) !== want) throw new SnappyError(`checksum mismatch in chunk at byte ${pos}`);
      yield data;
    } else if (type <= 0x7f) {
      throw new SnappyError(`unskippable chunk type 0x${type.toString(16)} at byte ${pos}`);
    }
    // 0x80-0xfe: skippable chunks and padding.
    pos += 4 + len;
  }
}
