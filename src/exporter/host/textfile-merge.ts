// The textfile collector's decisions, separated from file reading: which
// families of which files are exposed, with which HELP, and whether the
// scrape-error gauge is set. Mirrors node_exporter 1.8.2's textfile.go and
// the client_golang registry checks its output goes through.

import type { Histogram, Labels, Metric, MetricFamily, Summary } from "../../metrics/types.ts";

export interface TextfileResult {
  /** Path as node_exporter shows it (directory joined with the file name). */
  path: string;
  families?: MetricFamily[];
  mtimeSeconds?: number;
  error?: Error;
}

export interface MergeLog {
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface Merged {
  families: MetricFamily[];
  /** Path to mtime, for files read successfully. */
  mtimes: Map<string, number>;
  errored: boolean;
}

/**
 * Every metric of a family gets every label name used in that family (""
 * where absent), as convertMetricFamily does; classic histograms lose an
 * explicit +Inf bucket (the writer re-adds it from the count) and repeated
 * quantiles or bounds keep the last value, as client_golang's const
 * summaries and histograms do.
 */
export function convertTextfileFamily(mf: MetricFamily): MetricFamily {
  const allNames = new Set<string>();
  for (const m of mf.metrics) for (const n of Object.keys(m.labels)) allNames.add(n);
  const metrics = mf.metrics.map((m): Metric => {
    const labels: Labels = { ...m.labels };
    for (const n of allNames) if (!(n in labels)) labels[n] = "";
    if (mf.type === "summary") return { labels, summary: constSummary(m.summary) };
    if (mf.type === "histogram") return { labels, histogram: constHistogram(m.histogram) };
    return { labels, value: m.value ?? 0 };
  });
  return { name: mf.name, help: mf.help, type: mf.type, metrics };
}

function constSummary(s: Summary | undefined): Summary {
  const q = new Map<number, number>();
  for (const x of s?.quantiles ?? []) q.set(x.quantile, x.value);
  const quantiles = [...q.entries()].sort((a, b) => a[0] - b[0]).map(([quantile, value]) => ({ quantile, value }));
  return { sampleCount: s?.sampleCount ?? 0, sampleSum: s?.sampleSum ?? 0, quantiles };
}

function constHistogram(h: Histogram | undefined): Histogram {
  const b = new Map<number, number>();
  for (const x of h?.buckets ?? []) b.set(x.upperBound, x.cumulativeCount);
  const buckets = [...b.entries()]
    .filter(([upperBound]) => upperBound !== Infinity)
    .sort((x, y) => x[0] - y[0])
    .map(([upperBound, cumulativeCount]) => ({ upperBound, cumulativeCount }));
  return { sampleCount: h?.sampleCount ?? 0, sampleSum: h?.sampleSum ?? 0, buckets };
}

/**
 * The files' families in file order. A family whose HELP disagrees with the
 * first file's is dropped and sets the error gauge; families without HELP
 * get "Metric read from <files>". What the registry then refuses (another
 * type for a name, a repeated series, a collector's own series) is left to
 * the gather-time check, which logs and counts it as node_exporter does,
 * without touching the error gauge.
 */
export function mergeTextfiles(results: TextfileResult[], log: MergeLog, errored = false): Merged {
  const accepted: MetricFamily[] = [];
  const files = new Map<string, string[]>();
  const helps = new Map<string, [string, string]>();
  const mtimes = new Map<string, number>();
  for (const r of results) {
    for (const mf of r.families ?? []) {
      const seen = helps.get(mf.name);
      if (seen && ((mf.help !== undefined && seen[0] !== mf.help) || seen[1] !== "")) {
        helps.set(mf.name, [seen[0], mf.help ?? ""]);
        errored = true;
        log.error("inconsistent metric help text", {
          metric: mf.name,
          original_help_text: seen[0],
          new_help_text: mf.help ?? "",
          file: files.get(mf.name)?.[0],
        });
        continue;
      }
      if (mf.help !== undefined) helps.set(mf.name, [mf.help, ""]);
      const list = files.get(mf.name) ?? [];
      list.push(r.path);
      files.set(mf.name, list);
      accepted.push(mf);
    }
    if (r.error) {
      errored = true;
      log.error("failed to collect textfile data", { file: r.path, err: r.error });
      continue;
    }
    if (r.mtimeSeconds !== undefined) mtimes.set(r.path, r.mtimeSeconds);
  }

  const families = accepted.map((raw) =>
    convertTextfileFamily({ ...raw, help: raw.help ?? `Metric read from ${(files.get(raw.name) ?? []).join(", ")}` }),
  );
  return { families, mtimes, errored };
}
