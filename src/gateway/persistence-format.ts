// mon's persistence file format for the gateway (not Pushgateway's gob):
//
//   bytes 0..7    magic "MONGWPST"
//   bytes 8..11   format version, uint32 big-endian (1)
//   bytes 12..15  CRC-32 (IEEE) of the payload, uint32 big-endian
//   bytes 16..23  payload length, uint64 big-endian
//   bytes 24..    payload: UTF-8 JSON {"groups":[GroupSnapshot...],"log":n}
//
// "log" (since the append-only log, persistence-log.ts; optional, so older
// mon files still load and older mon versions still read these): the
// snapshot holds every mutation of the logs <file>.log-<m> with m < n; the
// logs from n on are replayed over it.
//
// JSON has no NaN, infinities or -0, so those numbers are written as
// {"$f":"NaN"|"+Inf"|"-Inf"|"-0"}. Decoding checks everything and throws
// PersistenceFormatError saying which part is wrong.

import type { Labels, Metric, MetricFamily, MetricType } from "../metrics/types.ts";
import { METRIC_TYPES } from "../metrics/types.ts";
import type { GroupSnapshot } from "./store/snapshot.ts";

export const MAGIC = "MONGWPST";
export const FORMAT_VERSION = 1;
const HEADER_SIZE = 24;

export class PersistenceFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PersistenceFormatError";
  }
}

const SPECIAL: Record<string, number> = { NaN: Number.NaN, "+Inf": Infinity, "-Inf": -Infinity, "-0": -0 };

function encodeNumber(_key: string, v: unknown): unknown {
  if (typeof v !== "number") return v;
  if (Number.isNaN(v)) return { $f: "NaN" };
  if (v === Infinity) return { $f: "+Inf" };
  if (v === -Infinity) return { $f: "-Inf" };
  if (Object.is(v, -0)) return { $f: "-0" };
  return v;
}

/** A special number as encodeNumber writes it, or undefined. */
function specialNumber(v: unknown): number | undefined {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const special = (v as { $f?: unknown }).$f;
    if (typeof special === "string" && special in SPECIAL && Object.keys(v).length === 1) return SPECIAL[special];
  }
  return undefined;
}

/** Special numbers restored everywhere below v (for the parts the shape checks do not walk). */
function reviveNumbers(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const special = specialNumber(v);
  if (special !== undefined) return special;
  if (Array.isArray(v)) return v.map(reviveNumbers);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = reviveNumbers(x);
  return out;
}

function header(payloadLength: number, crc: number): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, FORMAT_VERSION);
  view.setUint32(12, crc);
  view.setBigUint64(16, BigInt(payloadLength));
  return out;
}

function payloadTail(logGeneration: number | undefined): string {
  return logGeneration === undefined ? "]}" : `],"log":${logGeneration}}`;
}

export function encodeSnapshot(groups: readonly GroupSnapshot[], logGeneration?: number): Uint8Array {
  const json = `{"groups":[${groups.map((g) => JSON.stringify(g, encodeNumber)).join(",")}${payloadTail(logGeneration)}`;
  const payload = new TextEncoder().encode(json);
  const out = new Uint8Array(HEADER_SIZE + payload.length);
  out.set(header(payload.length, Bun.hash.crc32(payload)), 0);
  out.set(payload, HEADER_SIZE);
  return out;
}

/**
 * encodeSnapshot in pieces (header first), yielding to the event loop every
 * few milliseconds so that encoding a large store does not hold up requests.
 */
export async function encodeSnapshotInPieces(groups: readonly GroupSnapshot[], logGeneration?: number): Promise<Uint8Array[]> {
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  let crc = 0;
  let length = 0;
  const add = (text: string) => {
    const bytes = encoder.encode(text);
    crc = Bun.hash.crc32(bytes, crc);
    length += bytes.length;
    pieces.push(bytes);
  };
  let text = '{"groups":[';
  let sliceStart = performance.now();
  for (let i = 0; i < groups.length; i++) {
    text += (i > 0 ? "," : "") + JSON.stringify(groups[i], encodeNumber);
    if (text.length > 1 << 20) {
      add(text);
      text = "";
    }
    if (performance.now() - sliceStart > 5) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  add(text + payloadTail(logGeneration));
  return [header(length, crc), ...pieces];
}

export function decodeSnapshot(bytes: Uint8Array): GroupSnapshot[] {
  return decodeSnapshotFile(bytes).groups;
}

/** The groups of a snapshot and the first log generation not in it (undefined: a file written before the log). */
export function decodeSnapshotFile(bytes: Uint8Array): { groups: GroupSnapshot[]; logGeneration?: number } {
  if (bytes.length < HEADER_SIZE) {
    throw new PersistenceFormatError(`file is ${bytes.length} bytes, shorter than the ${HEADER_SIZE}-byte header`);
  }
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new PersistenceFormatError(`bad magic: not a mon gateway persistence file`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8);
  if (version !== FORMAT_VERSION) {
    throw new PersistenceFormatError(`format version ${version} is not supported (this mon reads ${FORMAT_VERSION})`);
  }
  const length = view.getBigUint64(16);
  const payload = bytes.subarray(HEADER_SIZE);
  if (length !== BigInt(payload.length)) {
    throw new PersistenceFormatError(`header says ${length} payload bytes, file has ${payload.length} (truncated?)`);
  }
  const want = view.getUint32(12);
  const got = Bun.hash.crc32(payload);
  if (want !== got) {
    throw new PersistenceFormatError(`payload checksum mismatch: header ${want.toString(16)}, data ${got.toString(16)}`);
  }
  let parsed: unknown;
  try {
    // No reviver: it costs more than the parse; the shape checks restore special numbers as they walk.
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch (err) {
    throw new PersistenceFormatError(`payload is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isObject(parsed) || !Array.isArray(parsed.groups)) throw new PersistenceFormatError(`payload has no "groups" array`);
  const groups = parsed.groups.map((g, i) => checkGroup(g, `groups[${i}]`));
  if (parsed.log === undefined) return { groups };
  if (typeof parsed.log !== "number" || !Number.isInteger(parsed.log) || parsed.log < 0) throw new PersistenceFormatError(`"log" is not a log generation`);
  return { groups, logGeneration: parsed.log };
}

// --- shape checks -----------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function fail(where: string, what: string): never {
  throw new PersistenceFormatError(`${where}: ${what}`);
}

// The checks get the path of a field as its parent's path and a suffix,
// joined only for an error: building every path costs more than the parse.

function num(v: unknown, where: string, field = ""): number {
  if (typeof v === "number") return v;
  const special = specialNumber(v);
  if (special === undefined) fail(where + field, "not a number");
  return special;
}

function optNum(v: unknown, where: string, field = ""): number | undefined {
  return v === undefined ? undefined : num(v, where, field);
}

function str(v: unknown, where: string, field = ""): string {
  if (typeof v !== "string") fail(where + field, "not a string");
  return v;
}

function arr(v: unknown, where: string, field = ""): unknown[] {
  if (!Array.isArray(v)) fail(where + field, "not an array");
  return v;
}

function labels(v: unknown, where: string, field = ""): Labels {
  if (!isObject(v)) fail(where + field, "not an object");
  for (const k in v) if (typeof v[k] !== "string") fail(`${where}${field}.${k}`, "not a string");
  return v as Labels;
}

function checkGroup(v: unknown, where: string): GroupSnapshot {
  if (!isObject(v)) fail(where, "not an object");
  const l = labels(v.labels, where, ".labels");
  if (typeof l.job !== "string" || l.job === "") fail(`${where}.labels`, "no job label");
  const group: GroupSnapshot = {
    labels: l,
    pushTimeMs: num(v.pushTimeMs, where, ".pushTimeMs"),
    pushFailureTimeMs: num(v.pushFailureTimeMs, where, ".pushFailureTimeMs"),
    activityMs: num(v.activityMs, where, ".activityMs"),
    families: arr(v.families, where, ".families").map((f, i) => {
      const w = `${where}.families[${i}]`;
      if (!isObject(f)) fail(w, "not an object");
      const out: GroupSnapshot["families"][number] = { timestampMs: num(f.timestampMs, w, ".timestampMs"), family: checkFamily(f.family, `${w}.family`) };
      const seq = optNum(f.seq, w, ".seq");
      if (seq !== undefined) out.seq = seq;
      return out;
    }),
  };
  // Optional: written since mon records write order, so that a restore is exact (see store/snapshot.ts).
  for (const k of ["createdMs", "pushTimeSeq", "pushFailureTimeSeq"] as const) {
    const n = optNum(v[k], where, `.${k}`);
    if (n !== undefined) group[k] = n;
  }
  return group;
}

function checkFamily(v: unknown, where: string): MetricFamily {
  if (!isObject(v)) fail(where, "not an object");
  const type = v.type as MetricType;
  if (!METRIC_TYPES.includes(type)) fail(`${where}.type`, `unknown type ${JSON.stringify(v.type)}`);
  const help = v.help === undefined ? undefined : str(v.help, where, ".help");
  const metrics = arr(v.metrics, where, ".metrics").map((m, i) => checkMetric(m, type, `${where}.metrics[${i}]`));
  return { name: str(v.name, where, ".name"), help, type, metrics };
}

function checkMetric(v: unknown, type: MetricType, where: string): Metric {
  if (!isObject(v)) fail(where, "not an object");
  const m: Metric = { labels: labels(v.labels, where, ".labels") };
  if (type === "summary") {
    const s = v.summary;
    if (!isObject(s)) fail(`${where}.summary`, "missing");
    m.summary = {
      sampleCount: num(s.sampleCount, where, ".summary.sampleCount"),
      sampleSum: num(s.sampleSum, where, ".summary.sampleSum"),
      quantiles: arr(s.quantiles, where, ".summary.quantiles").map((q, i) => {
        const w = `${where}.summary.quantiles[${i}]`;
        if (!isObject(q)) fail(w, "not an object");
        return { quantile: num(q.quantile, w, ".quantile"), value: num(q.value, w, ".value") };
      }),
    };
  } else if (type === "histogram") {
    const h = v.histogram;
    if (!isObject(h)) fail(`${where}.histogram`, "missing");
    m.histogram = {
      sampleCount: num(h.sampleCount, where, ".histogram.sampleCount"),
      sampleSum: num(h.sampleSum, where, ".histogram.sampleSum"),
      buckets: arr(h.buckets, where, ".histogram.buckets").map((b, i) => {
        const w = `${where}.histogram.buckets[${i}]`;
        if (!isObject(b)) fail(w, "not an object");
        return { upperBound: num(b.upperBound, w, ".upperBound"), cumulativeCount: num(b.cumulativeCount, w, ".cumulativeCount") };
      }),
    };
    const created = optNum(h.createdTimestampMs, where, ".histogram.createdTimestampMs");
    if (created !== undefined) m.histogram.createdTimestampMs = created;
    // Native histogram fields are kept as stored; they are opaque to mon.
    if (h.native !== undefined) {
      if (!isObject(h.native)) fail(`${where}.histogram.native`, "not an object");
      m.histogram.native = reviveNumbers(h.native) as NonNullable<typeof m.histogram.native>;
    }
  } else {
    m.value = num(v.value, where, ".value");
  }
  const ts = optNum(v.timestampMs, where, ".timestampMs");
  if (ts !== undefined) m.timestampMs = ts;
  return m;
}
