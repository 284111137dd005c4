// Text exposition format 0.0.4, byte-compatible with client_golang's
// expfmt.MetricFamilyToText after prometheus.Gatherer normalisation: families
// sorted by name, label pairs by name, metrics by label values. Names outside
// the legacy charset are quoted, as expfmt (prometheus/common v0.67) does.

import { formatFloat } from "../go/format-float.ts";
import { isLegacyName } from "./metric-names.ts";
import type { Labels, Metric, MetricFamily, MetricType } from "./types.ts";

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

/**
 * Label names in the order Go sorts label pairs (byte order of the name).
 * The array may be shared with later calls: read it, never change it.
 */
export function sortedLabelNames(labels: Labels): readonly string[] {
  if (hasKeyOrder(labels, lastKeys)) return lastSorted;
  if (hasKeyOrder(labels, NO_NAMES)) return NO_NAMES;
  const keys = Object.keys(labels);
  lastKeys = keys;
  // The default sort compares UTF-16 code units, as compareStrings does, but
  // without calling back into JavaScript per comparison.
  lastSorted = keys.length < 2 ? keys : keys.slice().sort();
  return lastSorted;
}

// The last key order sortedLabelNames computed, and its answer. It runs for
// every series twice per scrape (gather check, writer), and a family's series
// are built alike, so the next call mostly finds the same key order: then the
// answer is the remembered array, not a new Object.keys array and its sorted
// copy. Together with the gather check's pass-through of ordered families,
// it took the heap allocated per call on a ~480-series scrape from 324 to
// ~250 KB for gatherChecked and from 465 to ~320 KB for writeFamilies
// (JSC's GC log, median of 7, four runs), before the writer pushed pieces.
let lastKeys: readonly string[] = [];
let lastSorted: readonly string[] = [];
const NO_NAMES: readonly string[] = Object.freeze([]);

/**
 * Whether the labels' keys are exactly keys, in that order. for-in allocates
 * nothing here, where Object.keys would: JSC caches the key enumerator on the
 * object's structure. It would also list inherited keys, but labels are plain
 * records, and a mismatch only means the answer is computed afresh.
 */
function hasKeyOrder(labels: Labels, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in labels) if (k !== keys[i++]) return false;
  return i === keys.length;
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
  if (isSortedByMetrics(metrics)) return;
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
 * Whether metrics are in compareMetrics order already, as series mostly
 * arrive: n-1 comparisons and, with sortedLabelNames' memory of the last
 * key order, no allocation.
 */
export function isSortedByMetrics(metrics: readonly Metric[]): boolean {
  for (let i = 1; i < metrics.length; i++) if (compareMetrics(metrics[i - 1], metrics[i]) > 0) return false;
  return true;
}

/**
 * A metric or label name as expfmt's writeName writes it: bare when legacy,
 * else quoted with label-value escapes ({"name.with.dots", "a.b"="x"}).
 */
export function writeName(name: string): string {
  return isLegacyName(name) ? name : `"${escapeLabelValue(name)}"`;
}

// The text around each label name as written, remembered: a scrape writes
// the same few names thousands of times. Bounded, as pushed names come and go.
interface PairText {
  /** name=" (the first pair) */
  open: string;
  /** ",name=" (closes the pair before) */
  next: string;
}
const pairTexts = new Map<string, PairText>();

function pairText(name: string): PairText {
  let t = pairTexts.get(name);
  if (t === undefined) {
    if (pairTexts.size >= 4096) pairTexts.clear();
    const written = writeName(name);
    t = { open: `${written}="`, next: `",${written}="` };
    pairTexts.set(name, t);
  }
  return t;
}

// A family's # HELP and # TYPE lines, remembered by name: they are the same
// every scrape, where building them made ~5 strings per family. Bounded like
// pairTexts, as the gateway writes pushed names that come and go; an entry
// whose HELP or type no longer match is replaced.
interface HeaderText {
  help: string | undefined;
  type: MetricType;
  text: string;
}
const headerTexts = new Map<string, HeaderText>();

function headerText(f: MetricFamily, writtenName: string): string {
  let h = headerTexts.get(f.name);
  if (h === undefined || h.help !== f.help || h.type !== f.type) {
    if (h === undefined && headerTexts.size >= 4096) headerTexts.clear();
    const help = f.help === undefined ? "" : `# HELP ${writtenName} ${escapeHelp(f.help)}\n`;
    h = { help: f.help, type: f.type, text: `${help}# TYPE ${writtenName} ${f.type}\n` };
    headerTexts.set(f.name, h);
  }
  return h.text;
}

// The pieces of the text being written, joined once at the end. Appending
// to a string made a rope (a new string) per piece, ~4,500 per scrape;
// pushing the pieces themselves (label values, names and the remembered
// texts above, mostly strings that exist already) makes no string but the
// formatted values and the joined text. The array is kept from one write to
// the next, emptied, so its storage is not regrown every scrape either;
// past MAX_KEPT_PIECES (a large gateway page) it is let go instead.
let pieces: string[] = [];
const MAX_KEPT_PIECES = 1 << 16;

/** Runs write, which pushes onto pieces, and returns the pieces joined. */
function joinedPieces(write: () => void): string {
  pieces.length = 0;
  try {
    write();
    return pieces.join("");
  } finally {
    if (pieces.length > MAX_KEPT_PIECES) pieces = [];
    else pieces.length = 0;
  }
}

/** Pushes the label pairs of a series, sorted by name, without the last value's closing quote: a="1",b="2 */
function pushLabelPairs(labels: Labels, names: readonly string[]): void {
  for (let i = 0; i < names.length; i++) {
    const t = pairText(names[i]);
    pieces.push(i === 0 ? t.open : t.next, escapeLabelValue(labels[names[i]]));
  }
}

/**
 * Pushes the series part of a sample line: name{pairs}, or, for a name
 * that is not legacy, {"name",pairs} (expfmt's writeNameAndLabelPairs).
 * extraOpen and extraValue make the quantile or le pair: le="+Inf".
 */
function pushSeries(
  name: string,
  legacyName: boolean,
  labels: Labels,
  names: readonly string[],
  extraOpen?: string,
  extraValue?: string,
): void {
  const hasPairs = names.length > 0;
  const any = hasPairs || extraOpen !== undefined;
  if (legacyName) {
    pieces.push(name);
    if (!any) return;
    pieces.push("{");
  } else {
    pieces.push("{", writeName(name));
    if (any) pieces.push(",");
  }
  if (hasPairs) {
    pushLabelPairs(labels, names);
    pieces.push('"');
  }
  if (extraOpen !== undefined) {
    if (hasPairs) pieces.push(",");
    pieces.push(extraOpen, extraValue as string, '"');
  }
  pieces.push("}");
}

function pushSampleEnd(value: string, ts: number | undefined): void {
  if (ts === undefined) pieces.push(" ", value, "\n");
  else pieces.push(" ", value, " ", String(ts), "\n");
}

/** Writes one family. Families with no metrics are skipped, as expfmt does. */
export function writeFamily(f: MetricFamily): string {
  return joinedPieces(() => pushFamily(f));
}

function pushFamily(f: MetricFamily): void {
  if (f.metrics.length === 0) return;
  const legacy = isLegacyName(f.name);
  const name = legacy ? f.name : writeName(f.name);
  pieces.push(headerText(f, name));
  if (f.type === "summary" || f.type === "histogram") {
    pushSummaryOrHistogram(f, legacy);
    return;
  }
  for (const m of f.metrics) {
    const ts = m.timestampMs;
    const value = formatExposedFloat(m.value ?? 0);
    const names = sortedLabelNames(m.labels);
    if (legacy && ts === undefined) {
      // The common line, pushed without the general case's branches.
      if (names.length === 0) {
        pieces.push(name, " ", value, "\n");
      } else {
        pieces.push(name, "{");
        pushLabelPairs(m.labels, names);
        pieces.push('"} ', value, "\n");
      }
    } else {
      pushSeries(f.name, legacy, m.labels, names);
      pushSampleEnd(value, ts);
    }
  }
}

function pushSummaryOrHistogram(f: MetricFamily, legacy: boolean): void {
  const sumName = `${f.name}_sum`;
  const countName = `${f.name}_count`;
  const bucketName = `${f.name}_bucket`;
  for (const m of f.metrics) {
    const ts = m.timestampMs;
    // Held here: sortedLabelNames' answer may be another array after other calls, never a changed one.
    const names = sortedLabelNames(m.labels);
    if (f.type === "summary") {
      const s = m.summary ?? { sampleCount: 0, sampleSum: 0, quantiles: [] };
      for (const q of s.quantiles) {
        pushSeries(f.name, legacy, m.labels, names, 'quantile="', formatExposedFloat(q.quantile));
        pushSampleEnd(formatExposedFloat(q.value), ts);
      }
      pushSeries(sumName, legacy, m.labels, names);
      pushSampleEnd(formatExposedFloat(s.sampleSum), ts);
      pushSeries(countName, legacy, m.labels, names);
      pushSampleEnd(formatCount(s.sampleCount), ts);
    } else {
      const h = m.histogram ?? { sampleCount: 0, sampleSum: 0, buckets: [] };
      let sawInf = false;
      for (const b of h.buckets) {
        if (b.upperBound === Infinity) sawInf = true;
        pushSeries(bucketName, legacy, m.labels, names, 'le="', formatExposedFloat(b.upperBound));
        pushSampleEnd(formatCount(b.cumulativeCount), ts);
      }
      if (!sawInf) {
        pushSeries(bucketName, legacy, m.labels, names, 'le="', "+Inf");
        pushSampleEnd(formatCount(h.sampleCount), ts);
      }
      pushSeries(sumName, legacy, m.labels, names);
      pushSampleEnd(formatExposedFloat(h.sampleSum), ts);
      pushSeries(countName, legacy, m.labels, names);
      pushSampleEnd(formatCount(h.sampleCount), ts);
    }
  }
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
  return joinedPieces(() => {
    for (const f of families) pushFamily(f);
  });
}
