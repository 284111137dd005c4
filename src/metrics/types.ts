// The metric data model shared by the exporter and the gateway. It mirrors
// io.prometheus.client.MetricFamily closely enough that the text parser, the
// protobuf decoder and both writers can round-trip through it losslessly.

export type MetricType = "counter" | "gauge" | "untyped" | "summary" | "histogram";

export const METRIC_TYPES: readonly MetricType[] = ["counter", "gauge", "untyped", "summary", "histogram"];

/** Label name to value. Writers sort by name, so insertion order does not matter. */
export type Labels = Record<string, string>;

export interface Quantile {
  quantile: number;
  value: number;
}

export interface Bucket {
  upperBound: number;
  /** Cumulative count, as in the text format and the protobuf classic histogram. */
  cumulativeCount: number;
}

export interface BucketSpan {
  offset: number;
  length: number;
}

/**
 * Native (sparse) histogram fields from the protobuf format. mon does not
 * interpret them; it keeps them so that a protobuf push can be served back
 * unchanged in protobuf.
 */
export interface NativeHistogram {
  schema?: number;
  zeroThreshold?: number;
  zeroCount?: number;
  zeroCountFloat?: number;
  negativeSpans: BucketSpan[];
  negativeDeltas: number[];
  negativeCounts: number[];
  positiveSpans: BucketSpan[];
  positiveDeltas: number[];
  positiveCounts: number[];
  sampleCountFloat?: number;
}

/** A native histogram with no spans or buckets yet, for decoders to fill. */
export function emptyNativeHistogram(): NativeHistogram {
  return { negativeSpans: [], negativeDeltas: [], negativeCounts: [], positiveSpans: [], positiveDeltas: [], positiveCounts: [] };
}

export interface Summary {
  sampleCount: number;
  sampleSum: number;
  quantiles: Quantile[];
}

export interface Histogram {
  sampleCount: number;
  sampleSum: number;
  buckets: Bucket[];
  native?: NativeHistogram;
  /** Unix milliseconds, when the protobuf push carried created_timestamp. */
  createdTimestampMs?: number;
}

export interface Metric {
  labels: Labels;
  /** Set for counter, gauge and untyped. */
  value?: number;
  summary?: Summary;
  histogram?: Histogram;
  timestampMs?: number;
}

export interface MetricFamily {
  name: string;
  /** undefined means no HELP line at all; "" is an empty HELP line. */
  help?: string;
  type: MetricType;
  metrics: Metric[];
}

/** A body holds more samples (exposed series lines) than the reader's limit allows. */
export class SampleLimitError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} samples`);
    this.name = "SampleLimitError";
  }
}

/** Samples a family exposes: one per value, quantile and bucket, plus _sum and _count. */
export function sampleCount(f: MetricFamily): number {
  if (f.type !== "summary" && f.type !== "histogram") return f.metrics.length;
  let n = 0;
  for (const m of f.metrics) n += 2 + (m.summary?.quantiles.length ?? 0) + (m.histogram?.buckets.length ?? 0);
  return n;
}
