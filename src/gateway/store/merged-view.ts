// The store's per-name index and the merged view of a name across groups,
// which /metrics exposes. A view stays the same object until its name
// changes, so a scrape can cache the view's text by it.

import { sortMetrics } from "../../metrics/text-writer.ts";
import type { Metric, MetricFamily, MetricType } from "../../metrics/types.ts";
import type { FamilyRecord, SchemaPool } from "./stored-family.ts";

export interface NameEntry {
  /** The name, held once for all families of it. */
  name: string;
  type: MetricType;
  /** Group id -> that group's family of this name. Insertion order = last write last. */
  holders: Map<string, FamilyRecord>;
  /** The family merged across groups; replaced after every change. */
  view?: FamilyView;
  /** Label-name arrays and label values shared by this name's families. */
  pool: SchemaPool;
}

/**
 * A metric name merged across groups. The object stays the same until the
 * name changes (a write, a removal), so a scrape can cache its text by it.
 */
export interface FamilyView {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string | undefined;
  /** Number of series. */
  readonly size: number;
  /** The merged family with its series sorted; built on each call, not kept. */
  family(): MetricFamily;
}

export class MergedView implements FamilyView {
  readonly help: string | undefined;
  readonly size: number;

  constructor(
    readonly name: string,
    readonly type: MetricType,
    private readonly holders: ReadonlyMap<string, FamilyRecord>,
    reservedHelp: string | undefined,
  ) {
    let help: string | undefined;
    let size = 0;
    // The most recently written family's HELP wins; the gateway's own HELP beats both.
    for (const f of holders.values()) {
      help = f.help;
      size += f.size;
    }
    this.help = reservedHelp ?? help;
    this.size = size;
  }

  family(): MetricFamily {
    const metrics: Metric[] = [];
    for (const f of this.holders.values()) f.metricsInto(metrics);
    sortMetrics(metrics);
    return { name: this.name, help: this.help, type: this.type, metrics };
  }
}
