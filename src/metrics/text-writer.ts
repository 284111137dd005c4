// Text exposition format 0.0.4, byte-compatible with client_golang's
// expfmt.MetricFamilyToText after prometheus.Gatherer normalisation: families
// sorted by name, label pairs by name, metrics by label values. Names outside
// the legacy charset are quoted, as expfmt (prometheus/common v0.67) does.

import { formatFloat } from "../go/format-float.ts";
import { isLegacyName } from "./metric-names.ts";
import type { Labels, Metric, MetricFamily } from "./types.ts";

/**
 * A number as expfmt's writeFloat writes it: strconv's shortest 'g' format,
 * except that its f == 0 case catches -0 too, so -0 is written "0".
 */
export function formatExposedFloat(v: number): string {
  return v === 0 ? "0" : formatFloat(v);
}

export const TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export function escapeHelp(help: string): string {
  if (!/[\\\n]/.test(help)) return help;
  return help.replace(/[\\\n]/g, (c) => (c === "\\" ? "\\\\" : "\\n"));
}

export function escapeLabelValue(value: string): string {
  if (!/[\\\n"]/.test(value)) return value;
  return value.replace(/[\\\n"]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : '\\"'));
}

/** Label names in the order Go sorts label pairs (byte order of the name). */
export function sortedLabelNames(labels: Labels): string[] {
  const names = Object.keys(labels);
  // The default sort compares UTF-16 code units, as compareStrings does, but
  // without calling back into JavaScript per comparison: this runs twice per
  // sample on every scrape (gather check, writer).
  return names.length < 2 ? names : names.sort();
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** client_golang's metricSorter: label count, then values in label-name order, then timestamp. */
export function compareMetrics(a: Metric, b: Metric): number {
  const an = sortedLabelNames(a.labels);
  const bn = sortedLabelNames(b.labels);
  if (an.length !== bn.length) return an.length - bn.length;
  for (let i = 0; i < an.length; i++) {
    const c = compareStrings(a.labels[an[i]], b.labels[bn[i]]);
    if (c !== 0) return c;
  }
  return (a.timestampMs ?? 0) - (b.timestampMs ?? 0);
}

/** Sorts families by name and each family's metrics in place; returns the array. */
export function normalizeFamilies(families: MetricFamily[]): MetricFamily[] {
  families.sort((a, b) => compareStrings(a.name, b.name));
  for (const f of families) sortMetrics(f.metrics);
  return families;
}

// Sorts in place in compareMetrics order, but each metric's label values are put in
// label-name order once, not on every comparison: scrapes sort thousands.
export function sortMetrics(metrics: Metric[]): void {
  if (metrics.length < 2) return;
  const keyed = metrics.map((m) => {
    const names = sortedLabelNames(m.labels);
    return { m, values: names.map((n) => m.labels[n]) };
  });
  keyed.sort((a, b) => {
    if (a.values.length !== b.values.length) return a.values.length - b.values.length;
    for (let i = 0; i < a.values.length; i++) {
      const c = compareStrings(a.values[i], b.values[i]);
      if (c !== 0) return c;
    }
    return (a.m.timestampMs ?? 0) - (b.m.timestampMs ?? 0);
  });
  for (let i = 0; i < keyed.length; i++) metrics[i] = keyed[i].m;
}

/**
 * A metric or label name as expfmt's writeName writes it: bare when legacy,
 * else quoted with label-value escapes ({"name.with.dots", "a.b"="x"}).
 */
export function writeName(name: string): string {
  return isLegacyName(name) ? name : `"${escapeLabelValue(name)}"`;
}

// Label names as written, remembered: a scrape writes the same few names
// thousands of times. Bounded, as pushed names come and go.
const writtenNames = new Map<string, string>();

function labelName(name: string): string {
  let w = writtenNames.get(name);
  if (w === undefined) {
    if (writtenNames.size >= 4096) writtenNames.clear();
    w = writeName(name);
    writtenNames.set(name, w);
  }
  return w;
}

/** The label pairs of a series, sorted by name and joined with commas: a="1",b="2". */
function labelPairs(labels: Labels): string {
  let s = "";
  for (const n of sortedLabelNames(labels)) s += `${s === "" ? "" : ","}${labelName(n)}="${escapeLabelValue(labels[n])}"`;
  return s;
}

/**
 * The series part of a sample line: name{pairs}, or, for a name that is not
 * legacy, {"name",pairs} (expfmt's writeNameAndLabelPairs). extra is the
 * quantile or le pair.
 */
function seriesText(name: string, legacyName: boolean, pairs: string, extra = ""): string {
  const all = pairs === "" ? extra : extra === "" ? pairs : `${pairs},${extra}`;
  if (legacyName) return all === "" ? name : `${name}{${all}}`;
  return all === "" ? `{${writeName(name)}}` : `{${writeName(name)},${all}}`;
}

function sampleLine(series: string, value: string, ts: number | undefined): string {
  return ts === undefined ? `${series} ${value}\n` : `${series} ${value} ${ts}\n`;
}

/** Writes one family. Families with no metrics are skipped, as expfmt does. */
export function writeFamily(f: MetricFamily): string {
  if (f.metrics.length === 0) return "";
  let out = "";
  const legacy = isLegacyName(f.name);
  const name = legacy ? f.name : writeName(f.name);
  if (f.help !== undefined) out += `# HELP ${name} ${escapeHelp(f.help)}\n`;
  out += `# TYPE ${name} ${f.type}\n`;
  for (const m of f.metrics) {
    const ts = m.timestampMs;
    const pairs = labelPairs(m.labels);
    if (f.type === "summary") {
      const s = m.summary ?? { sampleCount: 0, sampleSum: 0, quantiles: [] };
      for (const q of s.quantiles) {
        out += sampleLine(seriesText(f.name, legacy, pairs, `quantile="${formatExposedFloat(q.quantile)}"`), formatExposedFloat(q.value), ts);
      }
      out += sampleLine(seriesText(`${f.name}_sum`, legacy, pairs), formatExposedFloat(s.sampleSum), ts);
      out += sampleLine(seriesText(`${f.name}_count`, legacy, pairs), formatCount(s.sampleCount), ts);
    } else if (f.type === "histogram") {
      const h = m.histogram ?? { sampleCount: 0, sampleSum: 0, buckets: [] };
      const bucket = `${f.name}_bucket`;
      let sawInf = false;
      for (const b of h.buckets) {
        if (b.upperBound === Infinity) sawInf = true;
        out += sampleLine(seriesText(bucket, legacy, pairs, `le="${formatExposedFloat(b.upperBound)}"`), formatCount(b.cumulativeCount), ts);
      }
      if (!sawInf) out += sampleLine(seriesText(bucket, legacy, pairs, 'le="+Inf"'), formatCount(h.sampleCount), ts);
      out += sampleLine(seriesText(`${f.name}_sum`, legacy, pairs), formatExposedFloat(h.sampleSum), ts);
      out += sampleLine(seriesText(`${f.name}_count`, legacy, pairs), formatCount(h.sampleCount), ts);
    } else if (legacy && ts === undefined) {
      // The common line, written directly: seriesText and sampleLine would
      // give the same, at two more calls per sample in the interpreter.
      const value = formatExposedFloat(m.value ?? 0);
      out += pairs === "" ? `${name} ${value}\n` : `${name}{${pairs}} ${value}\n`;
    } else {
      out += sampleLine(seriesText(f.name, legacy, pairs), formatExposedFloat(m.value ?? 0), ts);
    }
  }
  return out;
}

// Counts are uint64 in client_golang, but expfmt's text writer converts them
// with float64() and prints them like any value: 100201950 is "1.0020195e+08".
function formatCount(n: number): string {
  return formatExposedFloat(n);
}

/** Normalises (sorts) and writes all families. */
export function writeText(families: MetricFamily[]): string {
  return writeFamilies(normalizeFamilies(families));
}

/** Writes families that are already normalised (gatherChecked's output), in their order. */
export function writeFamilies(families: readonly MetricFamily[]): string {
  let out = "";
  for (const f of families) out += writeFamily(f);
  return out;
}
