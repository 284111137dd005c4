// Encodes families as varint-length-delimited io.prometheus.client.MetricFamily
// messages, what a scraper gets when it asks for
// application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited.
// Fields go out in field-number order and repeated scalars unpacked, as Go's
// proto.Marshal writes client_model's proto2 messages; label pairs are sorted
// by name as client_golang sorts them.

import { WIRE_I64, WIRE_VARINT, WireWriter } from "./protobuf-wire.ts";
import { sortedLabelNames } from "./text-writer.ts";
import type { Histogram, Metric, MetricFamily, MetricType, NativeHistogram, Summary } from "./types.ts";

const ENUM_BY_TYPE: Record<MetricType, number> = {
  counter: 0,
  gauge: 1,
  summary: 2,
  untyped: 3,
  histogram: 4,
};

export function encodeDelimited(families: MetricFamily[]): Uint8Array<ArrayBuffer> {
  const w = new WireWriter();
  for (const f of families) {
    const mark = w.begin();
    encodeFamily(w, f);
    w.end(mark);
  }
  return w.finish();
}

function encodeFamily(w: WireWriter, f: MetricFamily): void {
  w.string(1, f.name);
  if (f.help !== undefined) w.string(2, f.help);
  w.tag(3, WIRE_VARINT);
  w.varint(ENUM_BY_TYPE[f.type]);
  for (const m of f.metrics) w.message(4, () => encodeMetric(w, f.type, m));
}

function doubleField(w: WireWriter, field: number, v: number): void {
  w.tag(field, WIRE_I64);
  w.double(v);
}

/** A uint64 count; values that are not one (from float histograms) cannot be sent as such. */
function isUint(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < 2 ** 64;
}

function encodeMetric(w: WireWriter, type: MetricType, m: Metric): void {
  for (const name of sortedLabelNames(m.labels)) {
    w.message(1, () => {
      w.string(1, name);
      w.string(2, m.labels[name]);
    });
  }
  const valueField = type === "gauge" ? 2 : type === "counter" ? 3 : type === "untyped" ? 5 : 0;
  if (valueField !== 0) w.message(valueField, () => doubleField(w, 1, m.value ?? 0));
  if (type === "summary") w.message(4, () => encodeSummary(w, m.summary));
  if (m.timestampMs !== undefined) {
    w.tag(6, WIRE_VARINT);
    w.int(Math.trunc(m.timestampMs));
  }
  if (type === "histogram") w.message(7, () => encodeHistogram(w, m.histogram));
}

function encodeSummary(w: WireWriter, s: Summary | undefined): void {
  const summary = s ?? { sampleCount: 0, sampleSum: 0, quantiles: [] };
  w.tag(1, WIRE_VARINT);
  w.varint(isUint(summary.sampleCount) ? summary.sampleCount : 0);
  doubleField(w, 2, summary.sampleSum);
  for (const q of summary.quantiles) {
    w.message(3, () => {
      doubleField(w, 1, q.quantile);
      doubleField(w, 2, q.value);
    });
  }
}

function encodeHistogram(w: WireWriter, h: Histogram | undefined): void {
  const hist = h ?? { sampleCount: 0, sampleSum: 0, buckets: [] };
  const n = hist.native;
  // A float count travels in sample_count_float (field 4), which overrides
  // sample_count when positive; a non-integer count has nowhere else to go.
  const countFloat = n?.sampleCountFloat ?? (isUint(hist.sampleCount) ? undefined : hist.sampleCount);
  if (isUint(hist.sampleCount) && !(countFloat !== undefined && countFloat > 0)) {
    w.tag(1, WIRE_VARINT);
    w.varint(hist.sampleCount);
  }
  doubleField(w, 2, hist.sampleSum);
  for (const b of hist.buckets) {
    w.message(3, () => {
      if (isUint(b.cumulativeCount)) {
        w.tag(1, WIRE_VARINT);
        w.varint(b.cumulativeCount);
      }
      doubleField(w, 2, b.upperBound);
      if (!isUint(b.cumulativeCount)) doubleField(w, 4, b.cumulativeCount);
    });
  }
  if (countFloat !== undefined) doubleField(w, 4, countFloat);
  if (n) encodeNative(w, n);
  if (hist.createdTimestampMs !== undefined) {
    const ms = Math.trunc(hist.createdTimestampMs);
    const seconds = Math.floor(ms / 1000);
    const nanos = (ms - seconds * 1000) * 1e6;
    w.message(15, () => {
      if (seconds !== 0) {
        w.tag(1, WIRE_VARINT);
        w.int(seconds);
      }
      if (nanos !== 0) {
        w.tag(2, WIRE_VARINT);
        w.int(nanos);
      }
    });
  }
}

function encodeNative(w: WireWriter, n: NativeHistogram): void {
  if (n.schema !== undefined) {
    w.tag(5, WIRE_VARINT);
    w.sint(n.schema);
  }
  if (n.zeroThreshold !== undefined) doubleField(w, 6, n.zeroThreshold);
  if (n.zeroCount !== undefined) {
    w.tag(7, WIRE_VARINT);
    w.varint(isUint(n.zeroCount) ? n.zeroCount : 0);
  }
  if (n.zeroCountFloat !== undefined) doubleField(w, 8, n.zeroCountFloat);
  const spans = (field: number, list: { offset: number; length: number }[]) => {
    for (const s of list) {
      w.message(field, () => {
        w.tag(1, WIRE_VARINT);
        w.sint(s.offset);
        w.tag(2, WIRE_VARINT);
        w.varint(s.length);
      });
    }
  };
  spans(9, n.negativeSpans);
  for (const d of n.negativeDeltas) {
    w.tag(10, WIRE_VARINT);
    w.sint(d);
  }
  for (const c of n.negativeCounts) doubleField(w, 11, c);
  spans(12, n.positiveSpans);
  for (const d of n.positiveDeltas) {
    w.tag(13, WIRE_VARINT);
    w.sint(d);
  }
  for (const c of n.positiveCounts) doubleField(w, 14, c);
}
