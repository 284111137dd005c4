// A metric's descriptor, declared once by whoever emits it: name, type, HELP
// and label names, as client_golang's prometheus.Desc. Samples are then
// added against it (FamilyBuilder.add), which refuses labels other than the
// declared ones, as MustNewConstMetric panics on them: a collector whose
// samples disagree with its declaration fails in its tests, not in a
// Prometheus server that sees a family with two label sets.

import type { Labels, MetricType } from "./types.ts";

/** The types of a metric whose sample is one number (FamilyBuilder.add). */
export type ValueType = "counter" | "gauge" | "untyped";

export interface MetricDesc<L extends string = never, T extends MetricType = ValueType> {
  readonly name: string;
  readonly type: T;
  readonly help: string;
  readonly labelNames: readonly L[];
}

/** The label argument of a sample: none for a metric without labels, else exactly the declared names. */
export type LabelArgs<L extends string> = [L] extends [never] ? [] : [labels: Record<L, string>];

/**
 * Declares a metric. Label names are typed from the literal list, so a
 * sample missing one or naming another is a type error as well.
 */
export function metricDesc<const L extends string = never, const T extends MetricType = ValueType>(
  name: string,
  type: T,
  help: string,
  labelNames: readonly L[] = [],
): MetricDesc<L, T> {
  return { name, type, help, labelNames };
}

/** What a dataNamedDescs key stands for: a descriptor, or one with what else follows from the key. */
export type DataNamed = MetricDesc<string, MetricType> | { readonly desc: MetricDesc<string, MetricType> };

/**
 * Past this many keys a dataNamedDescs cache starts afresh instead of
 * growing: its keys come from kernel files with bounded field sets, so only
 * a source that invents names without end gets there.
 */
const MAX_DATA_NAMED_KEYS = 4096;

/**
 * Descriptors of a family of metrics whose names (or label names) come from
 * data at run time: vmstat or meminfo fields, zfs kstats, hwmon sensor
 * files, the sysctls a flag names. `declare` is the one declaration of the
 * family: it says, with metricDesc, how a key's name, type, HELP and label
 * names follow from the key. Each key's descriptor is made on its first use
 * and reused by later scrapes, so samples go through FamilyBuilder.add and
 * its label check like any declared metric, and a scrape builds no name or
 * HELP strings for keys it has seen. Upstream makes such descriptors at
 * scrape time (prometheus.NewDesc per field); this makes them once.
 * A key may also stand for a descriptor together with what the collector
 * derives from the same key (a unit conversion, say): { desc, ... }.
 */
export function dataNamedDescs<D extends DataNamed>(declare: (key: string) => D): (key: string) => D {
  const byKey = new Map<string, D>();
  return (key) => {
    let desc = byKey.get(key);
    if (desc === undefined) {
      if (byKey.size >= MAX_DATA_NAMED_KEYS) byKey.clear();
      desc = declare(key);
      byKey.set(key, desc);
    }
    return desc;
  };
}

/** Throws unless labels carry exactly desc's label names. */
export function checkDeclaredLabels(desc: MetricDesc<string, MetricType>, labels: Labels): void {
  let count = 0;
  for (const _ in labels) count++;
  let ok = count === desc.labelNames.length;
  for (let i = 0; ok && i < desc.labelNames.length; i++) ok = typeof labels[desc.labelNames[i]] === "string";
  if (!ok) {
    throw new Error(
      `${desc.name}: sample labels {${Object.keys(labels).join(",")}} differ from the declared {${desc.labelNames.join(",")}}`,
    );
  }
}
