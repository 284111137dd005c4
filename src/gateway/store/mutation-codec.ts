// A gateway mutation (the only thing that changes the store, see state.ts)
// and its binary encoding. The same bytes are what the cluster appends to its
// Redis stream and what a single node's on-disk log would hold, so a replica
// or a replay applies exactly what the receiving gateway decided to apply.
// This module depends on the metric data model only.
//
// Encoding, version 1. Integers marked varint are unsigned LEB128; every
// other number is an IEEE 754 float64, little-endian, so NaN, ±Inf, -0 and
// counts above 2^53 survive bit for bit.
//
//   mutation  := u8 version (1) · u8 kind · f64 atMs · body
//   kind      := 1 PUT · 2 POST · 3 DELETE · 4 WIPE · 5 EXPIRE
//   body      := PUT/POST: labels key · varint n · family{n}
//                DELETE:   labels key
//                WIPE, EXPIRE: nothing
//   labels    := varint n · (string name · string value){n}   (order kept)
//   string    := varint (units << 1 | wide) · data
//                wide 0: UTF-8 bytes, units = byte count
//                wide 1: UTF-16LE code units, units = unit count; used only
//                for strings that are not well-formed UTF-16 (lone
//                surrogates), so that they reach apply() unchanged and get
//                the same verdict
//   family    := string name · u8 flags (bit 0: has HELP) · [string help]
//                · u8 type (0 counter, 1 gauge, 2 untyped, 3 summary, 4 histogram)
//                · varint n · metric{n}
//   metric    := labels · u8 present (1 value, 2 summary, 4 histogram, 8 timestamp)
//                · [f64 value] · [f64 timestampMs] · [summary] · [histogram]
//   summary   := f64 count · f64 sum · varint n · (f64 quantile · f64 value){n}
//   histogram := f64 count · f64 sum · varint n · (f64 upperBound · f64 cumulativeCount){n}
//                · u8 present (1 createdTimestampMs, 2 native) · [f64 created] · [native]
//   native    := u8 present (1 schema, 2 zeroThreshold, 4 zeroCount, 8 zeroCountFloat,
//                16 sampleCountFloat) · the present ones as f64, in that order
//                · spans negative · numbers negativeDeltas · numbers negativeCounts
//                · spans positive · numbers positiveDeltas · numbers positiveCounts
//   spans     := varint n · (f64 offset · f64 length){n}
//   numbers   := varint n · f64{n}
//
// A reader refuses a version it does not know (MutationCodecError), so mixed
// versions in one cluster fail loudly instead of diverging. Bump the version
// for any change of the layout and keep decoding the old ones.

import type { Histogram, Labels, Metric, MetricFamily, MetricType, NativeHistogram, Summary } from "../../metrics/types.ts";
import { emptyNativeHistogram } from "../../metrics/types.ts";

export const MUTATION_CODEC_VERSION = 1;

/** PUT (replace=true) or POST (replace=false) of a group's families. */
export interface PushMutation {
  kind: "push";
  /** When the mutation takes effect (Unix ms): push times and TTL are measured from it. */
  atMs: number;
  key: Labels;
  families: MetricFamily[];
  replace: boolean;
}

export interface DeleteMutation {
  kind: "delete";
  atMs: number;
  key: Labels;
}

export interface WipeMutation {
  kind: "wipe";
  atMs: number;
}

/** Drops the groups that --push.ttl considers gone at atMs. */
export interface ExpireMutation {
  kind: "expire";
  atMs: number;
}

export type Mutation = PushMutation | DeleteMutation | WipeMutation | ExpireMutation;

/** What apply() decided. Only a push can be refused; its error is the 400 message's tail. */
export type Verdict = { ok: true } | { ok: false; error: string };

export class MutationCodecError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MutationCodecError";
  }
}

const KIND_CODES = { put: 1, post: 2, delete: 3, wipe: 4, expire: 5 } as const;
const TYPE_CODES: Record<MetricType, number> = { counter: 0, gauge: 1, untyped: 2, summary: 3, histogram: 4 };
const TYPES_BY_CODE: readonly MetricType[] = ["counter", "gauge", "untyped", "summary", "histogram"];

const HAS_VALUE = 1;
const HAS_SUMMARY = 2;
const HAS_HISTOGRAM = 4;
const HAS_TIMESTAMP = 8;
const HAS_CREATED = 1;
const HAS_NATIVE = 2;
const NATIVE_OPTIONALS = ["schema", "zeroThreshold", "zeroCount", "zeroCountFloat", "sampleCountFloat"] as const;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }

  varint(v: number): void {
    this.room(10);
    this.varintInPlace(v);
  }

  /** Writes a varint where room is already made. */
  private varintInPlace(v: number): void {
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  string(s: string): void {
    if (s.isWellFormed()) {
      // Worst case 3 bytes per UTF-16 unit; the length prefix is written after the bytes are known.
      const maxLength = s.length * 3;
      const prefix = varintSize(maxLength * 2);
      this.room(prefix + maxLength);
      const start = this.pos + prefix;
      const { written } = utf8Encoder.encodeInto(s, this.buf.subarray(start));
      const lengthField = written * 2;
      const used = varintSize(lengthField);
      if (used !== prefix) this.buf.copyWithin(this.pos + used, start, start + written);
      this.varintInPlace(lengthField);
      this.pos += written;
      return;
    }
    this.varint(s.length * 2 + 1);
    this.room(s.length * 2);
    for (let i = 0; i < s.length; i++) {
      this.view.setUint16(this.pos, s.charCodeAt(i), true);
      this.pos += 2;
    }
  }

  labels(labels: Labels): void {
    const names = Object.keys(labels);
    this.varint(names.length);
    for (const n of names) {
      this.string(n);
      this.string(labels[n]);
    }
  }

  numbers(values: readonly number[]): void {
    this.varint(values.length);
    for (const v of values) this.f64(v);
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

class Reader {
  private pos = 0;
  private readonly view: DataView;
  /** Which family and metric is being read, for errors (-1: none). Kept as numbers: reading must not build strings. */
  family = -1;
  metric = -1;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** An error at the current family and metric. */
  error(message: string): MutationCodecError {
    const where = this.family < 0 ? "" : `families[${this.family}]${this.metric < 0 ? "" : `.metrics[${this.metric}]`}: `;
    return new MutationCodecError(where + message);
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) throw this.error(`truncated at byte ${this.pos} reading ${what} (${this.buf.length} bytes in all)`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++];
  }

  varint(what: string): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i >= 8) throw this.error(`varint too long at byte ${this.pos} reading ${what}`);
      const b = this.u8(what);
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
  }

  /** A varint count of items each at least minBytes long; checked against what is left so garbage cannot allocate. */
  count(what: string, minBytes: number): number {
    const at = this.pos;
    const n = this.varint(what);
    if (n * minBytes > this.buf.length - this.pos) {
      throw this.error(`count ${n} at byte ${at} for ${what} exceeds the bytes left`);
    }
    return n;
  }

  f64(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  string(what: string): string {
    const at = this.pos;
    const field = this.varint(what);
    const units = Math.floor(field / 2);
    if (field % 2 === 0) {
      this.need(units, what);
      const bytes = this.buf.subarray(this.pos, this.pos + units);
      this.pos += units;
      try {
        return utf8Decoder.decode(bytes);
      } catch (err) {
        const e = this.error(`${what} at byte ${at} is not valid UTF-8`);
        e.cause = err;
        throw e;
      }
    }
    this.need(units * 2, what);
    const codes = new Array<number>(units);
    for (let i = 0; i < units; i++) codes[i] = this.view.getUint16(this.pos + 2 * i, true);
    this.pos += units * 2;
    let s = "";
    for (let i = 0; i < codes.length; i += 4096) s += String.fromCharCode(...codes.slice(i, i + 4096));
    return s;
  }

  labels(what: "grouping key" | "labels"): Labels {
    const n = this.count(what === "labels" ? "label count" : "grouping key count", 2);
    const labels: Labels = {};
    for (let i = 0; i < n; i++) {
      const name = this.string(what === "labels" ? "label name" : "grouping key name");
      labels[name] = this.string(what === "labels" ? "label value" : "grouping key value");
    }
    return labels;
  }

  numbers(what: string): number[] {
    const n = this.count(what, 8);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.f64(what);
    return out;
  }

  end(): void {
    if (this.pos !== this.buf.length) {
      throw new MutationCodecError(`${this.buf.length - this.pos} unexpected bytes after the mutation at byte ${this.pos}`);
    }
  }
}

// --- encoding ---------------------------------------------------------------

export function encodeMutation(m: Mutation): Uint8Array {
  const w = new Writer();
  w.u8(MUTATION_CODEC_VERSION);
  switch (m.kind) {
    case "push":
      w.u8(m.replace ? KIND_CODES.put : KIND_CODES.post);
      w.f64(m.atMs);
      w.labels(m.key);
      w.varint(m.families.length);
      for (const f of m.families) writeFamily(w, f);
      break;
    case "delete":
      w.u8(KIND_CODES.delete);
      w.f64(m.atMs);
      w.labels(m.key);
      break;
    case "wipe":
      w.u8(KIND_CODES.wipe);
      w.f64(m.atMs);
      break;
    case "expire":
      w.u8(KIND_CODES.expire);
      w.f64(m.atMs);
      break;
  }
  return w.bytes();
}

function writeFamily(w: Writer, f: MetricFamily): void {
  w.string(f.name);
  w.u8(f.help === undefined ? 0 : 1);
  if (f.help !== undefined) w.string(f.help);
  w.u8(TYPE_CODES[f.type]);
  w.varint(f.metrics.length);
  for (const m of f.metrics) writeMetric(w, m);
}

function writeMetric(w: Writer, m: Metric): void {
  w.labels(m.labels);
  const present =
    (m.value !== undefined ? HAS_VALUE : 0) |
    (m.summary !== undefined ? HAS_SUMMARY : 0) |
    (m.histogram !== undefined ? HAS_HISTOGRAM : 0) |
    (m.timestampMs !== undefined ? HAS_TIMESTAMP : 0);
  w.u8(present);
  if (m.value !== undefined) w.f64(m.value);
  if (m.timestampMs !== undefined) w.f64(m.timestampMs);
  if (m.summary !== undefined) {
    const s = m.summary;
    w.f64(s.sampleCount);
    w.f64(s.sampleSum);
    w.varint(s.quantiles.length);
    for (const q of s.quantiles) {
      w.f64(q.quantile);
      w.f64(q.value);
    }
  }
  if (m.histogram !== undefined) writeHistogram(w, m.histogram);
}

function writeHistogram(w: Writer, h: Histogram): void {
  w.f64(h.sampleCount);
  w.f64(h.sampleSum);
  w.varint(h.buckets.length);
  for (const b of h.buckets) {
    w.f64(b.upperBound);
    w.f64(b.cumulativeCount);
  }
  w.u8((h.createdTimestampMs !== undefined ? HAS_CREATED : 0) | (h.native !== undefined ? HAS_NATIVE : 0));
  if (h.createdTimestampMs !== undefined) w.f64(h.createdTimestampMs);
  const n = h.native;
  if (n === undefined) return;
  let present = 0;
  NATIVE_OPTIONALS.forEach((field, bit) => {
    if (n[field] !== undefined) present |= 1 << bit;
  });
  w.u8(present);
  for (const field of NATIVE_OPTIONALS) if (n[field] !== undefined) w.f64(n[field] as number);
  writeSpans(w, n.negativeSpans);
  w.numbers(n.negativeDeltas);
  w.numbers(n.negativeCounts);
  writeSpans(w, n.positiveSpans);
  w.numbers(n.positiveDeltas);
  w.numbers(n.positiveCounts);
}

function writeSpans(w: Writer, spans: NativeHistogram["negativeSpans"]): void {
  w.varint(spans.length);
  for (const s of spans) {
    w.f64(s.offset);
    w.f64(s.length);
  }
}

// --- decoding ---------------------------------------------------------------

/** Decodes one mutation; throws MutationCodecError naming the byte and the field when the bytes are not one. */
export function decodeMutation(bytes: Uint8Array): Mutation {
  const r = new Reader(bytes);
  const version = r.u8("version");
  if (version !== MUTATION_CODEC_VERSION) {
    throw new MutationCodecError(`mutation format version ${version} is not supported (this mon reads ${MUTATION_CODEC_VERSION})`);
  }
  const kind = r.u8("kind");
  const atMs = r.f64("atMs");
  let m: Mutation;
  switch (kind) {
    case KIND_CODES.put:
    case KIND_CODES.post: {
      const key = r.labels("grouping key");
      const n = r.count("family count", 4);
      const families: MetricFamily[] = [];
      for (let i = 0; i < n; i++) families.push(readFamily(r, i));
      m = { kind: "push", atMs, key, families, replace: kind === KIND_CODES.put };
      break;
    }
    case KIND_CODES.delete:
      m = { kind: "delete", atMs, key: r.labels("grouping key") };
      break;
    case KIND_CODES.wipe:
      m = { kind: "wipe", atMs };
      break;
    case KIND_CODES.expire:
      m = { kind: "expire", atMs };
      break;
    default:
      throw new MutationCodecError(`unknown mutation kind ${kind} at byte 1`);
  }
  r.end();
  return m;
}

function readFamily(r: Reader, index: number): MetricFamily {
  r.family = index;
  r.metric = -1;
  const name = r.string("name");
  const flags = r.u8("flags");
  const help = flags & 1 ? r.string("help") : undefined;
  const typeCode = r.u8("type");
  const type = TYPES_BY_CODE[typeCode];
  if (type === undefined) throw r.error(`unknown metric type code ${typeCode}`);
  const n = r.count("metric count", 2);
  const metrics: Metric[] = [];
  for (let i = 0; i < n; i++) {
    r.metric = i;
    metrics.push(readMetric(r));
  }
  const family: MetricFamily = { name, type, metrics };
  if (help !== undefined) family.help = help;
  return family;
}

function readMetric(r: Reader): Metric {
  const m: Metric = { labels: r.labels("labels") };
  const present = r.u8("presence");
  if (present & HAS_VALUE) m.value = r.f64("value");
  if (present & HAS_TIMESTAMP) m.timestampMs = r.f64("timestampMs");
  if (present & HAS_SUMMARY) {
    const s: Summary = { sampleCount: r.f64("summary"), sampleSum: r.f64("summary"), quantiles: [] };
    const n = r.count("summary quantile count", 16);
    for (let i = 0; i < n; i++) s.quantiles.push({ quantile: r.f64("summary"), value: r.f64("summary") });
    m.summary = s;
  }
  if (present & HAS_HISTOGRAM) m.histogram = readHistogram(r);
  return m;
}

function readHistogram(r: Reader): Histogram {
  const h: Histogram = { sampleCount: r.f64("histogram"), sampleSum: r.f64("histogram"), buckets: [] };
  const n = r.count("histogram bucket count", 16);
  for (let i = 0; i < n; i++) h.buckets.push({ upperBound: r.f64("histogram"), cumulativeCount: r.f64("histogram") });
  const present = r.u8("histogram presence");
  if (present & HAS_CREATED) h.createdTimestampMs = r.f64("histogram createdTimestampMs");
  if (!(present & HAS_NATIVE)) return h;
  const optionals = r.u8("native histogram presence");
  const native = emptyNativeHistogram();
  NATIVE_OPTIONALS.forEach((field, bit) => {
    if (optionals & (1 << bit)) native[field] = r.f64(`native histogram ${field}`);
  });
  native.negativeSpans = readSpans(r, "native histogram negativeSpans");
  native.negativeDeltas = r.numbers("native histogram negativeDeltas");
  native.negativeCounts = r.numbers("native histogram negativeCounts");
  native.positiveSpans = readSpans(r, "native histogram positiveSpans");
  native.positiveDeltas = r.numbers("native histogram positiveDeltas");
  native.positiveCounts = r.numbers("native histogram positiveCounts");
  h.native = native;
  return h;
}

function readSpans(r: Reader, what: string): NativeHistogram["negativeSpans"] {
  const n = r.count(what, 16);
  const spans: NativeHistogram["negativeSpans"] = [];
  for (let i = 0; i < n; i++) spans.push({ offset: r.f64(what), length: r.f64(what) });
  return spans;
}
