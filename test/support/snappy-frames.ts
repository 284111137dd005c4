// Framed snappy bodies for push tests: the stream identifier, then the data
// as uncompressed chunks of at most 64 KiB, each with its masked CRC-32C.

import { maskedCrc32c } from "../../src/gateway/snappy-frame.ts";

const STREAM_ID = [0xff, 6, 0, 0, ...new TextEncoder().encode("sNaPpY")];

export function snappyFramed(content: string | Uint8Array): Uint8Array {
  const data = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const out: number[] = [...STREAM_ID];
  for (let at = 0; at < data.length || at === 0; at += 65536) {
    const part = data.subarray(at, at + 65536);
    const crc = maskedCrc32c(part);
    const len = part.length + 4;
    out.push(0x01, len & 0xff, (len >> 8) & 0xff, len >> 16, crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24);
    for (const b of part) out.push(b);
    if (data.length === 0) break;
  }
  return new Uint8Array(out);
}
