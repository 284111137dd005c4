// How the gateway store holds one family of one group: a handful of flat
// arrays per family instead of an object (and a label object) per series.
// A busy gateway keeps tens of thousands of series for hours; as objects they
// fill the garbage-collected heap with long-lived cells that every full
// collection must trace and that pin half-empty heap blocks. Flat arrays keep
// the heap small and collections cheap; Metric objects are built only on
// demand (scrape text rebuilds, the JSON API, the UI, persistence) and are
// short-lived.

import type { Histogram, Labels, Metric, MetricFamily, MetricType, Summary } from "../../metrics/types.ts";
import { type LabelSchema, identityHash } from "./series-identity.ts";

export type { LabelSchema } from "./series-identity.ts";

/** A family as the API, the UI and persistence see it: name, type, HELP, write time and series on demand. */
export interface FamilyRecord {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string | undefined;
  /** When this family was last written (Unix ms); the JSON API's time_stamp. */
  timestampMs: number;
  /**
   * The store's write counter at this family's last write. Orders writes
   * across groups (whose HELP wins, the API's key order) so that a snapshot
   * restores them exactly as they were.
   */
  writeSeq: number;
  /** Number of series. */
  readonly size: number;
  /** The family with its series in stored order; built on each call, not kept. */
  toFamily(): MetricFamily;
  /** Appends a Metric per series to out. */
  metricsInto(out: Metric[]): void;
}

const EMPTY_SCHEMA: LabelSchema = [];

/** A pushed family of one group. Series i has labels schemaAt(i) = labelValues[startAt(i)...]. */
export class StoredFamily implements FamilyRecord {
  timestampMs = 0;
  writeSeq = 0;
  /** Every series has this schema; undefined when they differ (then seriesSchemas and starts are set). */
  schema: LabelSchema | undefined = EMPTY_SCHEMA;
  seriesSchemas: LabelSchema[] | undefined;
  starts: Uint32Array | undefined;
  /** Label values of all series, each series' in the order of its schema. */
  readonly labelValues: string[] = [];
  /** [0, size): sample values (counter, gauge, untyped); [size, 2*size): series identity hashes. */
  numbers: Float64Array;
  /** Summary or histogram of each series, for those types. */
  readonly complex: (Summary | Histogram)[] | undefined;

  constructor(
    /** The owning group's id. */
    readonly groupId: string,
    readonly name: string,
    readonly type: MetricType,
    public help: string | undefined,
    readonly size: number,
  ) {
    this.numbers = new Float64Array(2 * size);
    this.complex = type === "summary" || type === "histogram" ? [] : undefined;
  }

  schemaAt(i: number): LabelSchema {
    return this.schema ?? (this.seriesSchemas as LabelSchema[])[i];
  }

  startAt(i: number): number {
    return this.starts === undefined ? i * (this.schema as LabelSchema).length : this.starts[i];
  }

  hashAt(i: number): number {
    return this.numbers[this.size + i];
  }

  labelsAt(i: number): Labels {
    const names = this.schemaAt(i);
    const start = this.startAt(i);
    const labels: Labels = {};
    for (let j = 0; j < names.length; j++) labels[names[j]] = this.labelValues[start + j];
    return labels;
  }

  metricAt(i: number): Metric {
    const labels = this.labelsAt(i);
    if (this.type === "summary") return { labels, summary: (this.complex as Summary[])[i] };
    if (this.type === "histogram") return { labels, histogram: (this.complex as Histogram[])[i] };
    return { labels, value: this.numbers[i] };
  }

  /** Appends metrics for every series to out. */
  metricsInto(out: Metric[]): void {
    for (let i = 0; i < this.size; i++) out.push(this.metricAt(i));
  }

  toFamily(): MetricFamily {
    const metrics: Metric[] = [];
    this.metricsInto(metrics);
    return { name: this.name, help: this.help, type: this.type, metrics };
  }

  /** Whether series i has exactly these sorted label names and values (values from start). */
  seriesEquals(i: number, names: LabelSchema, values: readonly string[], start: number): boolean {
    const own = this.schemaAt(i);
    if (own !== names) {
      if (own.length !== names.length) return false;
      for (let j = 0; j < own.length; j++) if (own[j] !== names[j]) return false;
    }
    const from = this.startAt(i);
    for (let j = 0; j < names.length; j++) if (this.labelValues[from + j] !== values[start + j]) return false;
    return true;
  }

  /** Whether this family holds a series with this hash and these labels (among its first `before` series). */
  hasSeries(hash: number, names: LabelSchema, values: readonly string[], start: number, before = this.size): boolean {
    for (let i = 0; i < before; i++) {
      if (this.numbers[this.size + i] === hash && this.seriesEquals(i, names, values, start)) return true;
    }
    return false;
  }

  /** Same type and exactly the same series in the same order as other. */
  sameSeries(other: StoredFamily): boolean {
    if (this.type !== other.type || this.size !== other.size) return false;
    for (let i = 0; i < this.size; i++) if (this.hashAt(i) !== other.hashAt(i)) return false;
    for (let i = 0; i < this.size; i++) {
      if (!this.seriesEquals(i, other.schemaAt(i), other.labelValues, other.startAt(i))) return false;
    }
    return true;
  }

  /** Takes HELP and every series' value from other, which has the same series (see sameSeries). */
  copyValuesFrom(other: StoredFamily): void {
    if (this.help !== other.help) this.help = other.help;
    if (this.complex !== undefined) {
      for (let i = 0; i < this.size; i++) this.complex[i] = (other.complex as (Summary | Histogram)[])[i];
    } else {
      for (let i = 0; i < this.size; i++) this.numbers[i] = other.numbers[i];
    }
  }
}

/**
 * Builds a StoredFamily series by series. Series with the same label names
 * share one schema array; schemas are looked up in a pool first so that the
 * same family in many groups shares them too.
 */
export class StoredFamilyBuilder {
  readonly family: StoredFamily;
  private count = 0;
  /** The schema of the series added last, and where its values start in labelValues. */
  lastSchema: LabelSchema = EMPTY_SCHEMA;
  lastStart = 0;

  constructor(
    groupId: string,
    name: string,
    type: MetricType,
    help: string | undefined,
    size: number,
    private readonly pool: SchemaPool,
  ) {
    this.family = new StoredFamily(groupId, name, type, help, size);
  }

  /**
   * Adds a series and returns its identity hash. names are its sorted label
   * names (the builder may keep the array). The family is consistent after
   * every call, so earlier series can be compared with the new one.
   */
  add(names: string[], labels: Labels, value: number | Summary | Histogram): number {
    const f = this.family;
    const i = this.count++;
    const start = f.labelValues.length;
    const schema = this.placeSchema(names, i, start);
    this.lastSchema = schema;
    this.lastStart = start;
    for (const n of schema) f.labelValues.push(this.pool.value(labels[n]));
    if (f.complex !== undefined) f.complex.push(value as Summary | Histogram);
    else f.numbers[i] = value as number;
    const hash = identityHash(f.name, schema, f.labelValues, start);
    f.numbers[f.size + i] = hash;
    return hash;
  }

  private placeSchema(names: string[], i: number, start: number): LabelSchema {
    const f = this.family;
    if (i === 0) {
      f.schema = this.pool.intern(names);
      return f.schema;
    }
    if (f.schema !== undefined) {
      if (sameNames(f.schema, names)) return f.schema;
      // The first series with other names: from here on every series records its schema and start.
      const k = f.schema.length;
      f.seriesSchemas = new Array<LabelSchema>(i).fill(f.schema);
      f.starts = new Uint32Array(f.size);
      for (let j = 0; j < i; j++) f.starts[j] = j * k;
      f.schema = undefined;
    }
    const seriesSchemas = f.seriesSchemas as LabelSchema[];
    const previous = seriesSchemas[i - 1];
    const schema = sameNames(previous, names) ? previous : this.pool.intern(names);
    seriesSchemas.push(schema);
    (f.starts as Uint32Array)[i] = start;
    return schema;
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Shares label-name arrays and label values between the families of one
 * metric name: the same family pushed by thousands of groups then holds one
 * "extract" string, not thousands. Bounded, so that names whose label sets
 * or values churn stop sharing instead of growing the pool.
 */
export class SchemaPool {
  private readonly schemas: LabelSchema[] = [];
  private readonly values = new Map<string, string>();

  /** The pooled array equal to names, or names itself (which the pool may keep). */
  intern(names: string[]): LabelSchema {
    for (const s of this.schemas) if (sameNames(s, names)) return s;
    if (this.schemas.length < MAX_SCHEMAS) this.schemas.push(names);
    return names;
  }

  /** The pooled string equal to v, or v itself (which the pool may keep). */
  value(v: string): string {
    const pooled = this.values.get(v);
    if (pooled !== undefined) return pooled;
    if (this.values.size < MAX_VALUES && v.length <= MAX_VALUE_LENGTH) this.values.set(v, v);
    return v;
  }
}

const MAX_SCHEMAS = 8;
const MAX_VALUES = 1024;
const MAX_VALUE_LENGTH = 64;
