// Collects samples into families by name, the way a client_golang registry
// does for const metrics. Both modes build their own metrics with it, every
// sample against a declared descriptor (metric-desc.ts); only whole parsed
// families (a textfile) come in without one.
// It merges; it does not judge: a sample whose type or HELP disagrees with
// the family of its name goes to a family of its own, which the gather-time
// check (gather-check.ts) then refuses and reports, as Registry.Gather would.

import { type LabelArgs, type MetricDesc, checkDeclaredLabels } from "./metric-desc.ts";
import type { Labels, Metric, MetricFamily, MetricType, Summary } from "./types.ts";

const NO_LABELS: Labels = Object.freeze({}) as Labels;

export class FamilyBuilder {
  private readonly families = new Map<string, MetricFamily>();
  private readonly conflicting: MetricFamily[] = [];

  private push(name: string, type: MetricType, help: string | undefined, m: Metric): void {
    const f = this.families.get(name);
    if (!f) this.families.set(name, { name, help, type, metrics: [m] });
    else if (f.type === type && f.help === help) f.metrics.push(m);
    else this.conflicting.push({ name, help, type, metrics: [m] });
  }

  /** A sample of a declared metric; throws when its labels are not exactly the declared ones. */
  add<L extends string>(desc: MetricDesc<L>, value: number, ...labels: LabelArgs<L>): void {
    const l = (labels[0] as Labels | undefined) ?? NO_LABELS;
    // Most samples of a scrape have no labels: those need no check beyond
    // the declaration having none either (what the check would conclude).
    if (l !== NO_LABELS || desc.labelNames.length !== 0) checkDeclaredLabels(desc as MetricDesc<string>, l);
    this.push(desc.name, desc.type, desc.help, { labels: l, value });
  }

  /** A summary of a declared metric; throws when its labels are not exactly the declared ones. */
  addSummary<L extends string>(desc: MetricDesc<L, "summary">, summary: Summary, ...labels: LabelArgs<L>): void {
    const l = (labels[0] as Labels | undefined) ?? NO_LABELS;
    checkDeclaredLabels(desc as MetricDesc<string, "summary">, l);
    this.push(desc.name, "summary", desc.help, { labels: l, summary });
  }

  /** Adds a whole family (e.g. parsed from a textfile); merges into an existing one of the same name, type and HELP. */
  addFamily(f: MetricFamily): void {
    const existing = this.families.get(f.name);
    if (!existing) this.families.set(f.name, { ...f, metrics: [...f.metrics] });
    else if (existing.type === f.type && existing.help === f.help) existing.metrics.push(...f.metrics);
    else this.conflicting.push({ ...f, metrics: [...f.metrics] });
  }

  get size(): number {
    return this.families.size;
  }

  /** The families in the order their names first appeared; disagreeing ones after them. */
  build(): MetricFamily[] {
    return this.appendTo([]);
  }

  /**
   * Pushes the families onto out, in build()'s order, and returns out: the
   * exporter gathers every collector's families into one array per scrape,
   * where build() made an array per collector for it to copy from.
   */
  appendTo(out: MetricFamily[]): MetricFamily[] {
    for (const f of this.families.values()) out.push(f);
    for (const f of this.conflicting) out.push(f);
    return out;
  }
}
