// Turns a push request body into metric families: undo Content-Encoding
// (gzip, framed snappy), then parse delimited protobuf or text 0.0.4 as
// Pushgateway decides by Content-Type. Errors carry the 400 message.

import { isProtobufContentType } from "../metrics/content-negotiation.ts";
import { decodeDelimited } from "../metrics/protobuf-decoder.ts";
import { parseTextBytes } from "../metrics/text-parser.ts";
import type { MetricFamily } from "../metrics/types.ts";
import { decodeSnappyFramed } from "./snappy-frame.ts";

export class PushBodyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PushBodyError";
  }
}

/** Undoes Content-Encoding gzip or snappy; any other value leaves the body as is, as in the reference. */
export function decodeContentEncoding(body: Uint8Array<ArrayBuffer>, contentEncoding: string | null | undefined): Uint8Array {
  switch ((contentEncoding ?? "").toLowerCase()) {
    case "gzip":
      if (body.length === 0) throw new PushBodyError("EOF");
      if (body.length < 10 || body[0] !== 0x1f || body[1] !== 0x8b) throw new PushBodyError("gzip: invalid header");
      try {
        return Bun.gunzipSync(body);
      } catch (err) {
        throw new PushBodyError(`gzip: invalid compressed data: ${(err as Error).message}`, { cause: err });
      }
    case "snappy":
      try {
        return decodeSnappyFramed(body);
      } catch (err) {
        throw new PushBodyError((err as Error).message, { cause: err });
      }
    default:
      return body;
  }
}

/** Parses a decoded body; the message of a parse error is the reference's (line numbers included). */
export function parsePushBody(body: Uint8Array, contentType: string | null | undefined): MetricFamily[] {
  try {
    return isProtobufContentType(contentType) ? decodeDelimited(body) : parseTextBytes(body);
  } catch (err) {
    throw new PushBodyError((err as Error).message, { cause: err });
  }
}
