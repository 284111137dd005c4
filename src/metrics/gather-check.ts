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
import { compareMetrics, isSortedByMetrics, sortedLabelNames } from "./text-writer.ts";
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

/**
 * Checks the families of gatherers in order, as Gatherers{...}.Gather does
 * (passing them apart spares joining them into one array first). A family
 * that needs no change (HELP set, metrics all accepted and in order) is
 * passed through as the caller's own object: read the result, never change it.
 */
export function gatherChecked(...gatherers: readonly Iterable<MetricFamily>[]): Gathered {
  const byName = new Map<string, MetricFamily>();
  // The families made here, which may be changed; the others are the
  // caller's. A new family object per family and scrape was ~250 objects;
  // now one is made only when a family's HELP is missing, a second family of
  // its name merges into it (then its metrics are copied too), or its
  // metrics are refused, sorted or dropped.
  const made = new Set<MetricFamily>();
  const errors: string[] = [];
  for (const families of gatherers) {
    for (const f of families) {
      const help = f.help ?? "";
      let merged = byName.get(f.name);
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
        if (!made.has(merged)) {
          merged = { name: merged.name, help: merged.help, type: merged.type, metrics: merged.metrics.slice() };
          byName.set(f.name, merged);
          made.add(merged);
        }
        for (const m of acceptedMetrics(f, errors)) merged.metrics.push(m);
      } else {
        if (f.metrics.length === 0) continue;
        const collision = suffixCollision(f, byName);
        if (collision) {
          errors.push(collision);
          continue;
        }
        const accepted = acceptedMetrics(f, errors);
        if (f.help !== undefined && accepted === f.metrics) {
          byName.set(f.name, f);
        } else {
          const g = { name: f.name, help, type: f.type, metrics: accepted };
          byName.set(f.name, g);
          made.add(g);
        }
      }
    }
  }
  // Names are unique keys, so sorting them with the default comparison (UTF-16
  // code units, as compareStrings) gives compareStrings' order without
  // calling back into JavaScript ~3,500 times per scrape.
  const names = [...byName.keys()].sort();
  const out: MetricFamily[] = [];
  for (const name of names) {
    let f = byName.get(name)!;
    const metrics = sortedUniqueMetrics(f, errors);
    if (metrics !== f.metrics) {
      if (made.has(f)) f.metrics = metrics;
      else f = { name: f.name, help: f.help, type: f.type, metrics };
    }
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

/**
 * The family's metrics in client_golang's order (label count, then values in
 * label-name order, then timestamp), each series once: f.metrics itself when
 * that is already so, else a new array. Sorting puts repeats next to each
 * other, and the sort is stable, so the one kept is the one gathered first.
 * Metrics that only compare equal (same values under other label names) form
 * a run; a repeat is looked for within its run.
 */
function sortedUniqueMetrics(f: MetricFamily, errors: string[]): Metric[] {
  // Collectors mostly emit a family's series in order already, each once:
  // then every series compares above the one before, there is no repeat
  // (a repeat compares equal) and nothing to sort. Checking costs n-1
  // comparisons and, with sortedLabelNames remembering the last key order,
  // no allocation.
  if (isStrictlyAscending(f.metrics)) return f.metrics;
  // The rest (~20 of ~250 families here: cpu modes, network devices) are
  // sorted with compareMetrics itself, which allocates nothing per call;
  // keyed {m, names, values} records cost ~3 objects per series.
  const sorted = f.metrics.slice();
  if (!isSortedByMetrics(sorted)) sorted.sort(compareMetrics);
  // Kept series are moved down within sorted: kept never outgrows i.
  let kept = 0;
  let runStart = 0;
  let previous: Metric | undefined;
  for (let i = 0; i < sorted.length; i++) {
    const m = sorted[i];
    if (previous !== undefined && compareMetrics(previous, m) !== 0) runStart = kept;
    previous = m;
    let repeated = false;
    for (let j = runStart; j < kept && !repeated; j++) repeated = sameNames(sorted[j], m);
    if (repeated) {
      errors.push(
        `collected metric ${goQuote(f.name)} { ${describeMetric(f.type, m)}} was collected before with the same name and label values`,
      );
      continue;
    }
    sorted[kept++] = m;
  }
  sorted.length = kept;
  return sorted;
}

function isStrictlyAscending(metrics: readonly Metric[]): boolean {
  for (let i = 1; i < metrics.length; i++) if (compareMetrics(metrics[i - 1], metrics[i]) >= 0) return false;
  return true;
}

/** Whether two metrics that compare equal are the same series: the same label names, and both with or without a timestamp. */
function sameNames(a: Metric, b: Metric): boolean {
  if ((a.timestampMs === undefined) !== (b.timestampMs === undefined)) return false;
  // Both arrays stay valid: sortedLabelNames may answer another array later, but never changes one.
  const an = sortedLabelNames(a.labels);
  const bn = sortedLabelNames(b.labels);
  if (an.length !== bn.length) return false;
  for (let i = 0; i < an.length; i++) if (an[i] !== bn[i]) return false;
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
