// The gather-time consistency check: what client_golang's Registry.Gather
// (and Gatherers.Gather) refuses before anything is exposed. Families arrive
// in gather order and the first occurrence wins; what comes later and
// disagrees is dropped, each drop described in upstream's wording:
// - a family seen again with another HELP or another type;
// - a summary or histogram whose _count/_sum/_bucket names collide with
//   another family (the text format could not tell them apart);
// - a series (name, label pairs, timestamp) seen before;
// - a summary carrying its own "quantile" label.
// The result is normalised as the writers want it: families sorted by name,
// metrics in client_golang's order, empty families left out.

import { formatFloat } from "../go/format-float.ts";
import { goQuote } from "../go/quote.ts";
import { compareMetrics, compareStrings, sortedLabelNames } from "./text-writer.ts";
import type { Metric, MetricFamily, MetricType } from "./types.ts";

export interface Gathered {
  families: MetricFamily[];
  /** One line per dropped metric or family, oldest first; empty when all was consistent. */
  errors: string[];
}

/** client_golang's MultiError text, as node_exporter logs it after "error gathering metrics: ". */
export function describeGatherErrors(errors: readonly string[]): string {
  return `${errors.length} error(s) occurred:${errors.map((e) => `\n* ${e}`).join("")}`;
}

export function gatherChecked(families: Iterable<MetricFamily>): Gathered {
  const byName = new Map<string, MetricFamily>();
  // A family's metrics array is the collector's own until a second family of
  // its name merges into it: only then is it copied (rarely), where copying
  // every family's array cost a new array per family and scrape.
  const copied = new Set<MetricFamily>();
  const errors: string[] = [];
  for (const f of families) {
    const help = f.help ?? "";
    const merged = byName.get(f.name);
    if (merged) {
      if ((merged.help ?? "") !== help) {
        for (const m of f.metrics) {
          errors.push(
            `collected metric ${f.name} ${describeMetric(f.type, m)} has help ${goQuote(help)} but should have ${goQuote(merged.help ?? "")}`,
          );
        }
        continue;
      }
      if (merged.type !== f.type) {
        const want = merged.type === "untyped" ? "Untyped" : `a ${TYPE_TITLE[merged.type]}`;
        for (const m of f.metrics) errors.push(`collected metric ${f.name} ${describeMetric(f.type, m)} should be ${want}`);
        continue;
      }
      if (!copied.has(merged)) {
        merged.metrics = merged.metrics.slice();
        copied.add(merged);
      }
      for (const m of acceptedMetrics(f, errors)) merged.metrics.push(m);
    } else {
      if (f.metrics.length === 0) continue;
      const collision = suffixCollision(f, byName);
      if (collision) {
        errors.push(collision);
        continue;
      }
      byName.set(f.name, { name: f.name, help, type: f.type, metrics: acceptedMetrics(f, errors) });
    }
  }
  // Names are unique keys, so sorting them with the default comparison (UTF-16
  // code units, as compareStrings) gives compareStrings' order without
  // calling back into JavaScript ~3,500 times per scrape.
  const names = [...byName.keys()].sort();
  const out: MetricFamily[] = [];
  for (const name of names) {
    const f = byName.get(name)!;
    f.metrics = sortedUniqueMetrics(f, errors);
    if (f.metrics.length > 0) out.push(f);
  }
  return { families: out, errors };
}

/** The family's metrics but for summaries with their own "quantile" label; f.metrics itself when none is refused. */
function acceptedMetrics(f: MetricFamily, errors: string[]): Metric[] {
  if (f.type !== "summary" || !f.metrics.some((m) => "quantile" in m.labels)) return f.metrics;
  const accepted: Metric[] = [];
  for (const m of f.metrics) {
    if ("quantile" in m.labels) {
      errors.push(`collected metric ${goQuote(f.name)} { ${describeMetric(f.type, m)}} must not have an explicit "quantile" label`);
    } else {
      accepted.push(m);
    }
  }
  return accepted;
}

const TYPE_TITLE: Record<MetricType, string> = {
  counter: "Counter",
  gauge: "Gauge",
  untyped: "Untyped",
  summary: "Summary",
  histogram: "Histogram",
};

/** checkSuffixCollisions: the text format flattens summaries and histograms into _count, _sum and _bucket lines. */
function suffixCollision(f: MetricFamily, byName: ReadonlyMap<string, MetricFamily>): string | undefined {
  const suffix = /_(count|sum|bucket)$/.exec(f.name);
  if (suffix) {
    const base = f.name.slice(0, suffix.index);
    const existing = byName.get(base)?.type;
    if (existing === "summary" && suffix[1] !== "bucket") {
      return `collected metric named ${goQuote(f.name)} collides with previously collected summary named ${goQuote(base)}`;
    }
    if (existing === "histogram") {
      return `collected metric named ${goQuote(f.name)} collides with previously collected histogram named ${goQuote(base)}`;
    }
  }
  if (f.type === "summary" || f.type === "histogram") {
    const taken = ["_count", "_sum", ...(f.type === "histogram" ? ["_bucket"] : [])].find((s) => byName.has(f.name + s));
    if (taken === "_bucket") {
      return `collected histogram named ${goQuote(f.name)} collides with previously collected metric named ${goQuote(f.name + taken)}`;
    }
    if (taken) {
      return `collected histogram or summary named ${goQuote(f.name)} collides with previously collected metric named ${goQuote(f.name + taken)}`;
    }
  }
  return undefined;
}

interface Keyed {
  m: Metric;
  names: readonly string[];
  values: string[];
}

/**
 * The family's metrics in client_golang's order (label count, then values in
 * label-name order, then timestamp), each series once. Sorting puts repeats
 * next to each other, and the sort is stable, so the one kept is the one
 * gathered first. Metrics that only compare equal (same values under other
 * label names) form a run; a repeat is looked for within its run.
 */
function sortedUniqueMetrics(f: MetricFamily, errors: string[]): Metric[] {
  // Collectors mostly emit a family's series in order already, each once:
  // then every series compares above the one before, there is no repeat
  // (a repeat compares equal) and nothing to sort. Checking costs n-1
  // comparisons and, with sortedLabelNames remembering the last key order,
  // no allocation; the keyed records below cost ~3 objects per series.
  if (isStrictlyAscending(f.metrics)) return f.metrics;
  const keyed: Keyed[] = f.metrics.map((m) => {
    const names = sortedLabelNames(m.labels);
    return { m, names, values: names.map((n) => m.labels[n]) };
  });
  if (!isSorted(keyed)) keyed.sort(compareKeyed);
  const kept: Keyed[] = [];
  let runStart = 0;
  for (let i = 0; i < keyed.length; i++) {
    const k = keyed[i];
    if (i > 0 && compareKeyed(keyed[i - 1], k) !== 0) runStart = kept.length;
    let repeated = false;
    for (let j = runStart; j < kept.length && !repeated; j++) repeated = sameNames(kept[j], k);
    if (repeated) {
      errors.push(
        `collected metric ${goQuote(f.name)} { ${describeMetric(f.type, k.m)}} was collected before with the same name and label values`,
      );
      continue;
    }
    kept.push(k);
  }
  return kept.map((k) => k.m);
}

function isStrictlyAscending(metrics: readonly Metric[]): boolean {
  for (let i = 1; i < metrics.length; i++) if (compareMetrics(metrics[i - 1], metrics[i]) >= 0) return false;
  return true;
}

function isSorted(keyed: readonly Keyed[]): boolean {
  for (let i = 1; i < keyed.length; i++) if (compareKeyed(keyed[i - 1], keyed[i]) > 0) return false;
  return true;
}

function compareKeyed(a: Keyed, b: Keyed): number {
  if (a.values.length !== b.values.length) return a.values.length - b.values.length;
  for (let i = 0; i < a.values.length; i++) {
    const c = compareStrings(a.values[i], b.values[i]);
    if (c !== 0) return c;
  }
  return (a.m.timestampMs ?? 0) - (b.m.timestampMs ?? 0);
}

function sameNames(a: Keyed, b: Keyed): boolean {
  if ((a.m.timestampMs === undefined) !== (b.m.timestampMs === undefined)) return false;
  for (let i = 0; i < a.names.length; i++) if (a.names[i] !== b.names[i]) return false;
  return true;
}

/** A metric as the log shows it, in the spirit of the protobuf text client_golang prints. */
function describeMetric(type: MetricType, m: Metric): string {
  let s = "";
  for (const n of sortedLabelNames(m.labels)) s += `label:{name:${goQuote(n)} value:${goQuote(m.labels[n])}} `;
  if (type === "summary") {
    s += `summary:{sample_count:${m.summary?.sampleCount ?? 0} sample_sum:${formatFloat(m.summary?.sampleSum ?? 0)}}`;
  } else if (type === "histogram") {
    s += `histogram:{sample_count:${m.histogram?.sampleCount ?? 0} sample_sum:${formatFloat(m.histogram?.sampleSum ?? 0)}}`;
  } else {
    s += `${type}:{value:${formatFloat(m.value ?? 0)}}`;
  }
  if (m.timestampMs !== undefined) s += ` timestamp_ms:${m.timestampMs}`;
  return s;
}
