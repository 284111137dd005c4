// Turns a push request body into metric families: read it as it arrives,
// undo Content-Encoding (gzip, framed snappy) as a stream, then parse
// delimited protobuf or text 0.0.4 as Pushgateway decides by Content-Type.
//
// Nothing here may let one request hold the server: the body is counted
// while it is read and while it is inflated, and reading stops at
// --push.max-body-bytes (measured after decompression, so a gzip bomb stops
// there too); the first 64 KiB of a text body are parsed as soon as they are
// in, so garbage fails before the rest is inflated; parsing runs in slices
// that give other requests a turn, and stops at --push.max-series samples.
// Errors carry the HTTP status and the message for the client.

import { isProtobufContentType } from "../metrics/content-negotiation.ts";
import type { NameValidation } from "../metrics/metric-names.ts";
import { decodeDelimitedSliced } from "../metrics/protobuf-decoder.ts";
import { parseTextBytesSliced, textPrefixError } from "../metrics/text-parser.ts";
import { type MetricFamily, SampleLimitError } from "../metrics/types.ts";
import { snappyFramedChunks } from "./snappy-frame.ts";

export class PushBodyError extends Error {
  /** 400 for a malformed body, 413 for one beyond the limits. */
  readonly status: 400 | 413;

  constructor(message: string, options?: { cause?: unknown; status?: 400 | 413 }) {
    super(message, options);
    this.name = "PushBodyError";
    this.status = options?.status ?? 400;
  }
}

export interface PushLimits {
  /** --push.max-body-bytes: the body after decompression. */
  maxBodyBytes: number;
  /** --push.max-series: samples (series lines as exposed) in one push. */
  maxSeries: number;
}

export const DEFAULT_PUSH_LIMITS: PushLimits = { maxBodyBytes: 64 * 1024 * 1024, maxSeries: 100_000 };

/** How much of a text body is parsed early, to refuse garbage before inflating the rest. */
const PROBE_BYTES = 64 * 1024;
/** Plain bodies up to this size with a Content-Length are read in one piece. */
const SMALL_BODY_BYTES = 256 * 1024;
/** How long decoding or parsing runs before other requests get a turn. */
const SLICE_MS = 10;

function tooLarge(limits: PushLimits): PushBodyError {
  return new PushBodyError(
    `push body is larger than ${limits.maxBodyBytes} bytes after decompression (--push.max-body-bytes)`,
    { status: 413 },
  );
}

function tooManySeries(limit: number): PushBodyError {
  return new PushBodyError(`push holds more than ${limit} series (--push.max-series)`, { status: 413 });
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The request body as it arrives, counted; stops past maxRaw. */
async function* rawChunks(body: ReadableStream<Uint8Array> | null, maxRaw: number, onTooLarge: () => Error, count: { raw: number }) {
  if (!body) return;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      count.raw += value.length;
      if (count.raw > maxRaw) throw onTooLarge();
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** gzip members, inflated as they arrive; Go's gzip.Reader messages for the header. */
async function* gunzipChunks(src: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  // The header check needs the first 10 bytes, which may come in pieces.
  const head: Uint8Array[] = [];
  let headLength = 0;
  let first: IteratorResult<Uint8Array> | undefined;
  while (headLength < 10) {
    first = await src.next();
    if (first.done) break;
    head.push(first.value);
    headLength += first.value.length;
  }
  if (headLength === 0) throw new PushBodyError("EOF");
  const start = concat(head, headLength);
  if (start.length < 10 || start[0] !== 0x1f || start[1] !== 0x8b) throw new PushBodyError("gzip: invalid header");

  const inflater = new DecompressionStream("gzip");
  const writer = inflater.writable.getWriter();
  let feedError: unknown;
  const feeding = (async () => {
    try {
      await writer.write(start as Uint8Array<ArrayBuffer>);
      for await (const c of src) await writer.write(c as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch (err) {
      feedError = err;
      await writer.abort(err).catch(() => {});
    }
  })();
  const reader = inflater.readable.getReader();
  try {
    for (;;) {
      let r: Awaited<ReturnType<typeof reader.read>>;
      try {
        r = await reader.read();
      } catch (err) {
        if (feedError !== undefined) throw feedError;
        throw new PushBodyError(`gzip: invalid compressed data: ${(err as Error).message}`, { cause: err });
      }
      if (r.done) break;
      yield r.value;
    }
    await feeding;
    if (feedError !== undefined) throw feedError;
  } finally {
    await reader.cancel().catch(() => {});
    await src.return(undefined);
  }
}

/** Framed snappy: the stream is read whole (it is capped), then decoded a chunk at a time. */
async function* unsnappyChunks(src: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const c of src) {
    parts.push(c);
    length += c.length;
  }
  let deadline = performance.now() + SLICE_MS;
  try {
    for (const c of snappyFramedChunks(concat(parts, length))) {
      yield c;
      if (performance.now() > deadline) {
        await yieldTurn();
        deadline = performance.now() + SLICE_MS;
      }
    }
  } catch (err) {
    if (err instanceof PushBodyError) throw err;
    throw new PushBodyError((err as Error).message, { cause: err });
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface PushBody {
  families: MetricFamily[];
  /** Bytes as received (before decompression). */
  rawBytes: number;
}

/**
 * Reads, decodes and parses a push body within the limits. Throws
 * PushBodyError (400 or 413) with the message for the client.
 */
export async function readPushBody(
  req: Request,
  limits: PushLimits = DEFAULT_PUSH_LIMITS,
  names?: NameValidation,
): Promise<PushBody> {
  const text = { nameValidation: names, histogramRules: "v0.67" as const };
  const encoding = (req.headers.get("content-encoding") ?? "").toLowerCase();
  const encoded = encoding === "gzip" || encoding === "snappy";
  // Compressed data can be a little larger than what it holds (stored blocks, headers).
  const maxRaw = encoded ? limits.maxBodyBytes + Math.ceil(limits.maxBodyBytes / 1024) + 1024 : limits.maxBodyBytes;
  const announced = Number(req.headers.get("content-length") ?? Number.NaN);
  if (announced > maxRaw) throw tooLarge(limits);
  const protobuf = isProtobufContentType(req.headers.get("content-type"));
  // The usual push: small, plain, its length announced (and so bounded). Read
  // at once; streaming it costs more than it saves.
  if (!encoded && announced <= SMALL_BODY_BYTES) {
    const body = new Uint8Array(await req.arrayBuffer());
    return { families: await parseBody(body, protobuf, limits, names), rawBytes: body.length };
  }
  const count = { raw: 0 };
  const raw = rawChunks(req.body, maxRaw, () => tooLarge(limits), count);
  const decoded = encoding === "gzip" ? gunzipChunks(raw) : encoding === "snappy" ? unsnappyChunks(raw) : raw;

  const parts: Uint8Array[] = [];
  let length = 0;
  let probed = protobuf;
  try {
    for await (const c of decoded) {
      length += c.length;
      if (length > limits.maxBodyBytes) throw tooLarge(limits);
      parts.push(c);
      if (!probed && length >= PROBE_BYTES) {
        probed = true;
        const err = textPrefixError(concat(parts, length), text);
        if (err) throw new PushBodyError(err.message, { cause: err });
      }
    }
  } finally {
    await decoded.return(undefined);
  }
  return { families: await parseBody(concat(parts, length), protobuf, limits, names), rawBytes: count.raw };
}

async function parseBody(body: Uint8Array, protobuf: boolean, limits: PushLimits, names?: NameValidation): Promise<MetricFamily[]> {
  try {
    return protobuf
      ? await decodeDelimitedSliced(body, { maxSamples: limits.maxSeries, sliceMs: SLICE_MS })
      : await parseTextBytesSliced(body, { maxSamples: limits.maxSeries, sliceMs: SLICE_MS, nameValidation: names, histogramRules: "v0.67" });
  } catch (err) {
    if (err instanceof SampleLimitError) throw tooManySeries(err.limit);
    throw new PushBodyError((err as Error).message, { cause: err });
  }
}
