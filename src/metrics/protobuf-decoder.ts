// Decodes varint-length-delimited io.prometheus.client.MetricFamily messages
// (client_model v0.6.1 metrics.proto), the body of a protobuf push. Like Go's
// decoder it skips unknown fields, treats a known field with an unexpected
// wire type as unknown, merges repeated singular sub-messages and accepts
// packed and unpacked repeated scalars.

import { ProtobufDecodeError, WIRE_I64, WIRE_LEN, WIRE_VARINT, WireReader } from "./protobuf-wire.ts";
import { emptyNativeHistogram } from "./types.ts";
import type {
  Bucket,
  BucketSpan,
  Histogram,
  Labels,
  Metric,
  MetricFamily,
  MetricType,
  NativeHistogram,
  Quantile,
  Summary,
} from "./types.ts";
import { SampleLimitError, sampleCount } from "./types.ts";

export { ProtobufDecodeError } from "./protobuf-wire.ts";
export { encodeDelimited } from "./protobuf-encoder.ts";

/** MetricType enum values; GAUGE_HISTOGRAM (5) is served as a histogram. */
const TYPE_BY_ENUM: Record<number, MetricType> = {
  0: "counter",
  1: "gauge",
  2: "summary",
  3: "untyped",
  4: "histogram",
  5: "histogram",
};

interface RawMetric {
  offset: number;
  labels: [string, string][];
  gauge?: number;
  counter?: number;
  untyped?: number;
  summary?: Summary;
  histogram?: RawHistogram;
  timestampMs?: number;
}

interface RawHistogram {
  sampleCount: number;
  sampleCountFloat?: number;
  sampleSum: number;
  buckets: Bucket[];
  native?: NativeHistogram;
  createdTimestampMs?: number;
}

export interface DecodeOptions {
  /**
   * Pushgateway reads frames with pbutil.ReadDelimited, which reports a body
   * ending inside a length prefix, or right after one, as a plain io.EOF; the
   * push handler takes that as the normal end and keeps the frames before it.
   * Set this to accept such bodies the same way. By default they are errors.
   */
  acceptTruncatedTail?: boolean;
  /** Stop with SampleLimitError after the family that goes beyond this many samples. */
  maxSamples?: number;
}

/** pbutil reads at most binary.MaxVarintLen32 bytes of length prefix. */
const MAX_PREFIX_BYTES = 5;

/**
 * Decodes a whole delimited body. Families come back in input order; a name
 * repeated later is returned twice (the gateway lets the later one win).
 */
export function decodeDelimited(bytes: Uint8Array, options: DecodeOptions = {}): MetricFamily[] {
  return [...delimitedFamilies(bytes, options)];
}

/**
 * decodeDelimited a family at a time, giving the event loop a turn about
 * every sliceMs, so that a large body does not hold up other requests.
 */
export async function decodeDelimitedSliced(
  bytes: Uint8Array,
  options: DecodeOptions & { sliceMs?: number } = {},
): Promise<MetricFamily[]> {
  const families: MetricFamily[] = [];
  let deadline = performance.now() + (options.sliceMs ?? 10);
  for (const f of delimitedFamilies(bytes, options)) {
    families.push(f);
    if (performance.now() > deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      deadline = performance.now() + (options.sliceMs ?? 10);
    }
  }
  return families;
}

function* delimitedFamilies(bytes: Uint8Array, options: DecodeOptions): Generator<MetricFamily> {
  const r = new WireReader(bytes);
  let samples = 0;
  const maxSamples = options.maxSamples ?? Infinity;
  while (!r.atLimit()) {
    const start = r.pos;
    let prefixEnd = start;
    while (prefixEnd < bytes.length && prefixEnd - start < MAX_PREFIX_BYTES && bytes[prefixEnd] >= 0x80) prefixEnd++;
    if (prefixEnd - start >= MAX_PREFIX_BYTES) {
      throw new ProtobufDecodeError("invalid varint32 encountered (length prefix over 5 bytes)", start);
    }
    if (prefixEnd >= bytes.length) {
      if (options.acceptTruncatedTail) break;
      throw new ProtobufDecodeError("unexpected EOF: truncated length prefix", start);
    }
    const length = r.uint();
    const left = bytes.length - r.pos;
    if (length > left) {
      if (left === 0 && options.acceptTruncatedTail) break;
      throw new ProtobufDecodeError(`unexpected EOF: message of ${length} bytes but only ${left} left`, start);
    }
    const end = r.pos + length;
    let family: MetricFamily | undefined;
    r.within(end, () => {
      family = decodeFamily(r, () => {
        // Counted as metrics arrive, so a huge family stops early.
        if (++samples > maxSamples) throw new SampleLimitError(maxSamples);
      });
    });
    if (family) {
      samples += sampleCount(family) - family.metrics.length;
      if (samples > maxSamples) throw new SampleLimitError(maxSamples);
      yield family;
    }
  }
}

function decodeFamily(r: WireReader, onMetric: () => void = () => {}): MetricFamily {
  let name = "";
  let help: string | undefined;
  let typeEnum = 0;
  const raws: RawMetric[] = [];
  while (!r.atLimit()) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === WIRE_LEN) name = r.strictString("MetricFamily.name");
    else if (field === 2 && wt === WIRE_LEN) help = r.lenientString();
    else if (field === 3 && wt === WIRE_VARINT) {
      const v = r.int();
      // proto2 enums are closed: Go files an unknown value among unknown fields.
      if (TYPE_BY_ENUM[v] !== undefined) typeEnum = v;
    } else if (field === 4 && wt === WIRE_LEN) {
      onMetric();
      const raw: RawMetric = { offset: r.pos, labels: [] };
      sub(r, () => decodeMetric(r, raw));
      raws.push(raw);
    } else r.skip(wt, field);
  }
  const type = TYPE_BY_ENUM[typeEnum];
  const family: MetricFamily = { name, type, metrics: raws.map((m) => resolveMetric(m, name, type)) };
  if (help !== undefined) family.help = help;
  return family;
}

function sub(r: WireReader, fn: () => void): void {
  const end = r.lengthEnd();
  r.within(end, fn);
}

function decodeMetric(r: WireReader, m: RawMetric): void {
  while (!r.atLimit()) {
    const [field, wt] = r.tag();
    if (wt === WIRE_LEN && field >= 1 && field <= 7 && field !== 6) {
      switch (field) {
        case 1: {
          const pair: [string, string] = ["", ""];
          sub(r, () => decodeLabelPair(r, pair));
          m.labels.push(pair);
          break;
        }
        case 2:
          sub(r, () => {
            m.gauge = decodeValue(r, m.gauge ?? 0);
          });
          break;
        case 3:
          sub(r, () => {
            m.counter = decodeValue(r, m.counter ?? 0);
          });
          break;
        case 4:
          m.summary ??= { sampleCount: 0, sampleSum: 0, quantiles: [] };
          sub(r, () => decodeSummary(r, m.summary as Summary));
          break;
        case 5:
          sub(r, () => {
            m.untyped = decodeValue(r, m.untyped ?? 0);
          });
          break;
        case 7:
          m.histogram ??= { sampleCount: 0, sampleSum: 0, buckets: [] };
          sub(r, () => decodeHistogram(r, m.histogram as RawHistogram));
          break;
      }
    } else if (field === 6 && wt === WIRE_VARINT) m.timestampMs = r.int();
    else r.skip(wt, field);
  }
}

function decodeLabelPair(r: WireReader, pair: [string, string]): void {
  while (!r.atLimit()) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === WIRE_LEN) pair[0] = r.strictString("label name");
    else if (field === 2 && wt === WIRE_LEN) pair[1] = r.strictString("label value");
    else r.skip(wt, field);
  }
}

/** Gauge, Counter and Untyped: the double in field 1; the rest (exemplar, created) is dropped. */
function decodeValue(r: WireReader, current: number): number {
  let v = current;
  while (!r.atLimit()) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === WIRE_I64) v = r.double();
    else r.skip(wt, field);
  }
  return v;
}

function decodeSummary(r: WireReader, s: Summary): void {
  while (!r.atLimit()) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === WIRE_VARINT) s.sampleCount = r.uint();
    else if (field === 2 && wt === WIRE_I64) s.sampleSum = r.double();
    else if (field === 3 && wt === WIRE_LEN) {
      const q: Quantile = { quantile: 0, value: 0 };
      sub(r, () => {
        while (!r.atLimit()) {
          const [f, w] = r.tag();
          if (f === 1 && w === WIRE_I64) q.quantile = r.double();
          else if (f === 2 && w === WIRE_I64) q.value = r.double();
          else r.skip(w, f);
        }
      });
      s.quantiles.push(q);
    } else r.skip(wt, field);
  }
}

function nativeOf(h: RawHistogram): NativeHistogram {
  h.native ??= emptyNativeHistogram();
  return h.native;
}

/** A repeated scalar, packed (one LEN field) or not (one value per field). */
function repeated(r: WireReader, wt: number, scalarWire: number, read: () => number, into: number[]): boolean {
  if (wt === scalarWire) {
    into.push(read());
    return true;
  }
  if (wt !== WIRE_LEN) return false;
  sub(r, () => {
    while (!r.atLimit()) into.push(read());
  });
  return true;
}

function decodeHistogram(r: WireReader, h: RawHistogram): void {
  while (!r.atLimit()) {
    const [field, wt] = r.tag();
    let known = true;
    switch (field) {
      case 1:
        if (wt === WIRE_VARINT) h.sampleCount = r.uint();
        else known = false;
        break;
      case 2:
        if (wt === WIRE_I64) h.sampleSum = r.double();
        else known = false;
        break;
      case 3:
        if (wt === WIRE_LEN) {
          const b = { upperBound: 0, count: 0, countFloat: 0 };
          sub(r, () => decodeBucket(r, b));
          // cumulative_count_float overrides cumulative_count when positive.
          h.buckets.push({ upperBound: b.upperBound, cumulativeCount: b.countFloat > 0 ? b.countFloat : b.count });
        } else known = false;
        break;
      case 4:
        if (wt === WIRE_I64) nativeOf(h).sampleCountFloat = h.sampleCountFloat = r.double();
        else known = false;
        break;
      case 5:
        if (wt === WIRE_VARINT) nativeOf(h).schema = r.sint();
        else known = false;
        break;
      case 6:
        if (wt === WIRE_I64) nativeOf(h).zeroThreshold = r.double();
        else known = false;
        break;
      case 7:
        if (wt === WIRE_VARINT) nativeOf(h).zeroCount = r.uint();
        else known = false;
        break;
      case 8:
        if (wt === WIRE_I64) nativeOf(h).zeroCountFloat = r.double();
        else known = false;
        break;
      case 9:
      case 12:
        if (wt === WIRE_LEN) {
          const span: BucketSpan = { offset: 0, length: 0 };
          sub(r, () => decodeSpan(r, span));
          const n = nativeOf(h);
          (field === 9 ? n.negativeSpans : n.positiveSpans).push(span);
        } else known = false;
        break;
      case 10:
      case 13: {
        const n = nativeOf(h);
        known = repeated(r, wt, WIRE_VARINT, () => r.sint(), field === 10 ? n.negativeDeltas : n.positiveDeltas);
        break;
      }
      case 11:
      case 14: {
        const n = nativeOf(h);
        known = repeated(r, wt, WIRE_I64, () => r.double(), field === 11 ? n.negativeCounts : n.positiveCounts);
        break;
      }
      case 15:
        if (wt === WIRE_LEN) h.createdTimestampMs = decodeTimestamp(r);
        else known = false;
        break;
      default:
        known = false;
    }
    if (!known) r.skip(wt, field);
  }
}

function decodeBucket(r: WireReader, b: { upperBound: number; count: number; countFloat: number }): void {
  while (!r.atLimit()) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === WIRE_VARINT) b.count = r.uint();
    else if (field === 2 && wt === WIRE_I64) b.upperBound = r.double();
    else if (field === 4 && wt === WIRE_I64) b.countFloat = r.double();
    else r.skip(wt, field);
  }
}

function decodeSpan(r: WireReader, span: BucketSpan): void {
  while (!r.atLimit()) {
    const [field, wt] = r.tag();
    if (field === 1 && wt === WIRE_VARINT) span.offset = r.sint();
    else if (field === 2 && wt === WIRE_VARINT) span.length = r.uint() % 2 ** 32;
    else r.skip(wt, field);
  }
}

/** google.protobuf.Timestamp to Unix milliseconds. */
function decodeTimestamp(r: WireReader): number {
  let seconds = 0;
  let nanos = 0;
  sub(r, () => {
    while (!r.atLimit()) {
      const [field, wt] = r.tag();
      if (field === 1 && wt === WIRE_VARINT) seconds = r.int();
      else if (field === 2 && wt === WIRE_VARINT) nanos = r.int();
      else r.skip(wt, field);
    }
  });
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

/**
 * Picks the value field the family type calls for. A metric without it is
 * what client_golang's consistency check rejects ("... is not a counter"), so
 * it is rejected here, where the offset is still known.
 */
function resolveMetric(raw: RawMetric, familyName: string, type: MetricType): Metric {
  const labels: Labels = {};
  for (const [n, v] of raw.labels) {
    if (Object.hasOwn(labels, n)) {
      throw new ProtobufDecodeError(`metric of family "${familyName}" repeats label name "${n}"`, raw.offset);
    }
    // Plain assignment to "__proto__" would be dropped, and it is a valid label name.
    if (n === "__proto__") Object.defineProperty(labels, n, { value: v, enumerable: true, writable: true, configurable: true });
    else labels[n] = v;
  }
  const metric: Metric = { labels };
  const missing = (): never => {
    throw new ProtobufDecodeError(`metric of family "${familyName}" has no ${type} value`, raw.offset);
  };
  switch (type) {
    case "counter":
      metric.value = raw.counter ?? missing();
      break;
    case "gauge":
      metric.value = raw.gauge ?? missing();
      break;
    case "untyped":
      metric.value = raw.untyped ?? missing();
      break;
    case "summary":
      metric.summary = raw.summary ?? missing();
      break;
    case "histogram": {
      const h = raw.histogram ?? missing();
      const histogram: Histogram = {
        // sample_count_float overrides sample_count when positive.
        sampleCount: h.sampleCountFloat !== undefined && h.sampleCountFloat > 0 ? h.sampleCountFloat : h.sampleCount,
        sampleSum: h.sampleSum,
        buckets: h.buckets,
      };
      if (h.native) histogram.native = h.native;
      if (h.createdTimestampMs !== undefined) histogram.createdTimestampMs = h.createdTimestampMs;
      metric.histogram = histogram;
      break;
    }
  }
  if (raw.timestampMs !== undefined) metric.timestampMs = raw.timestampMs;
  return metric;
}
