import { describe, expect, test } from "bun:test";
import { PushBodyError, type PushLimits, readPushBody } from "../../src/gateway/push-body.ts";
import { encodeDelimited } from "../../src/metrics/protobuf-decoder.ts";
import { parseTextBytes, parseTextBytesSliced, textPrefixError } from "../../src/metrics/text-parser.ts";
import type { MetricFamily } from "../../src/metrics/types.ts";
import { snappyFramed } from "../support/snappy-frames.ts";

const PROTOBUF = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
const enc = new TextEncoder();

/** A request whose body arrives in pieces, without Content-Length, as a chunked upload does. */
function streamed(body: Uint8Array, headers: Record<string, string> = {}, piece = 16 * 1024): Request {
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= body.length) return controller.close();
      controller.enqueue(body.slice(at, at + piece));
      at += piece;
    },
  });
  return new Request("http://gw/metrics/job/x", { method: "PUT", body: stream, headers });
}

function request(body: Uint8Array | string, headers: Record<string, string> = {}): Request {
  return new Request("http://gw/metrics/job/x", { method: "PUT", body, headers });
}

async function refusal(p: Promise<unknown>): Promise<PushBodyError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(PushBodyError);
    return err as PushBodyError;
  }
  throw new Error("expected a PushBodyError");
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => `m{i="${i}"} ${i}\n`).join("");
const limits = (maxBodyBytes: number, maxSeries = 1_000_000): PushLimits => ({ maxBodyBytes, maxSeries });

describe("readPushBody", () => {
  test("reads text, gzip, snappy and protobuf bodies, counting the bytes received", async () => {
    const text = lines(3);
    const plain = await readPushBody(request(text));
    expect(plain.rawBytes).toBe(text.length);
    expect(plain.families[0].metrics.length).toBe(3);
    const gz = Bun.gzipSync(enc.encode(text));
    const gzipped = await readPushBody(streamed(gz, { "Content-Encoding": "gzip" }, 7));
    expect(gzipped.families).toEqual(plain.families);
    expect(gzipped.rawBytes).toBe(gz.length);
    expect((await readPushBody(request(snappyFramed(text), { "Content-Encoding": "snappy" }))).families).toEqual(plain.families);
    const pb = encodeDelimited(plain.families);
    expect((await readPushBody(request(pb, { "Content-Type": PROTOBUF }))).families).toEqual(plain.families);
  });

  test("a body over --push.max-body-bytes is 413, with or without Content-Length", async () => {
    const body = enc.encode(lines(2000));
    for (const req of [request(body), streamed(body)]) {
      const err = await refusal(readPushBody(req, limits(10_000)));
      expect(err.status).toBe(413);
      expect(err.message).toBe("push body is larger than 10000 bytes after decompression (--push.max-body-bytes)");
    }
    expect((await readPushBody(request(body), limits(body.length))).families[0].metrics.length).toBe(2000);
  });

  test("the limit applies after decompression: a gzip bomb of valid text stops at the limit", async () => {
    const bomb = Bun.gzipSync(enc.encode("a 1\n".repeat(4 * 1024 * 1024)), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const err = await refusal(readPushBody(streamed(bomb, { "Content-Encoding": "gzip" }), limits(1024 * 1024)));
    expect(err.status).toBe(413);
    const sn = snappyFramed("a 1\n".repeat(100_000));
    const snErr = await refusal(readPushBody(request(sn, { "Content-Encoding": "snappy" }), limits(200_000)));
    expect(snErr.status).toBe(413);
  });

  test("a gzip bomb of garbage fails on its first line, before the rest is inflated", async () => {
    const bomb = Bun.gzipSync(new Uint8Array(256 * 1024 * 1024), { level: 9 });
    // The limit would allow the whole bomb: only the early parse can stop it.
    const err = await refusal(readPushBody(streamed(bomb, { "Content-Encoding": "gzip" }), limits(1024 * 1024 * 1024)));
    expect(err.status).toBe(400);
    expect(err.message).toStartWith("text format parsing error in line 1: ");
  });

  test("broken gzip: empty, bad header, corrupt data", async () => {
    expect((await refusal(readPushBody(request(new Uint8Array(0), { "Content-Encoding": "gzip" })))).message).toBe("EOF");
    expect((await refusal(readPushBody(request("not gzip", { "Content-Encoding": "gzip" })))).message).toBe("gzip: invalid header");
    const gz = Bun.gzipSync(enc.encode(lines(100)));
    gz[20] ^= 0xff;
    gz[21] ^= 0xff;
    const err = await refusal(readPushBody(request(gz, { "Content-Encoding": "gzip" })));
    expect(err.status).toBe(400);
    expect(err.message).toStartWith("gzip: invalid compressed data");
  });

  test("more samples than --push.max-series is 413, text and protobuf alike", async () => {
    const text = lines(11);
    const err = await refusal(readPushBody(request(text), limits(1 << 20, 10)));
    expect(err.status).toBe(413);
    expect(err.message).toBe("push holds more than 10 series (--push.max-series)");
    const families: MetricFamily[] = [
      {
        name: "s",
        type: "summary",
        metrics: [{ labels: {}, summary: { sampleCount: 1, sampleSum: 1, quantiles: [0.1, 0.5, 0.9].map((q) => ({ quantile: q, value: 1 })) } }],
      },
    ];
    // A summary exposes its quantiles, _sum and _count: five series.
    const pb = encodeDelimited(families);
    expect((await refusal(readPushBody(request(pb, { "Content-Type": PROTOBUF }), limits(1 << 20, 4)))).status).toBe(413);
    expect((await readPushBody(request(pb, { "Content-Type": PROTOBUF }), limits(1 << 20, 5))).families).toEqual(families);
  });
});

describe("text parser for large bodies", () => {
  test("the sliced parser gives the same families as the plain one", async () => {
    const body = enc.encode(`# TYPE s summary\n${lines(5000)}s{quantile="0.5"} 1\ns_sum 2\ns_count 3\n`);
    expect(await parseTextBytesSliced(body, { sliceMs: 0 })).toEqual(parseTextBytes(body));
  });

  test("a series with 100,000 labels parses, in slices too, and a repeated label name among many is still found", async () => {
    const labels = Array.from({ length: 100_000 }, (_, i) => `l${i}="v"`);
    const body = enc.encode(`big{${labels.join(",")}} 1\nnext{a="b"} 2\n`);
    const families = parseTextBytes(body);
    expect(Object.keys(families[0].metrics[0].labels).length).toBe(100_000);
    // With no time per slice, the long line is read a thousand labels per turn.
    expect(await parseTextBytesSliced(body, { sliceMs: 0 })).toEqual(families);
    expect(() => parseTextBytes(enc.encode(`big{${labels.slice(0, 40).join(",")},l17="w"} 1\n`))).toThrow(
      'duplicate label names for metric "big"',
    );
  });

  test("a prefix cut mid-line is no error; an error in a complete part is the body's error", () => {
    expect(textPrefixError(enc.encode('a{x="1"} 1\nb{y="unfinish'))).toBeUndefined();
    expect(textPrefixError(enc.encode("a 1\nb 2\n"))).toBeUndefined();
    expect(textPrefixError(enc.encode("a 1\n# TYPE a gauge\nb"))?.message).toBe(
      'text format parsing error in line 2: second TYPE line for metric name "a", or TYPE reported after samples',
    );
    expect(textPrefixError(new Uint8Array(10))?.line).toBe(1);
  });
});
