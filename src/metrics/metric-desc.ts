// A metric's descriptor, declared once by whoever emits it: name, type, HELP
// and label names, as client_golang's prometheus.Desc. Samples are then
// added against it (FamilyBuilder.add), which refuses labels other than the
// declared ones, as MustNewConstMetric panics on them: a collector whose
// samples disagree with its declaration fails in its tests, not in a
// Prometheus server that sees a family with two label sets.

import type { Labels } from "./types.ts";

export type ValueType = "counter" | "gauge" | "untyped";

export interface MetricDesc<L extends string = never> {
  readonly name: string;
  readonly type: ValueType;
  readonly help: string;
  readonly labelNames: readonly L[];
}

/** The label argument of a sample: none for a metric without labels, else exactly the declared names. */
export type LabelArgs<L extends string> = [L] extends [never] ? [] : [labels: Record<L, string>];

/**
 * Declares a metric. Label names are typed from the literal list, so a
 * sample missing one or naming another is a type error as well.
 */
export function metricDesc<const L extends string = never>(
  name: string,
  type: ValueType,
  help: string,
  labelNames: readonly L[] = [],
): MetricDesc<L> {
  return { name, type, help, labelNames };
}

/** Throws unless labels carry exactly desc's label names. */
export function checkDeclaredLabels(desc: MetricDesc<string>, labels: Labels): void {
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
