// The consistency rules Pushgateway enforces on every push, checked against
// the store's indexes rather than by gathering a copy of the whole store:
// the cost is proportional to what is pushed (plus, for PUT, what it
// replaces). A push that passes leaves the store with no two series of the
// same identity and no name with two types, so exposition cannot fail.
// Part of apply() (state.ts): the same log gives the same verdicts everywhere.

import { compareStrings, formatExposedFloat } from "../../metrics/text-writer.ts";
import type { Labels, Metric, MetricFamily, MetricType } from "../../metrics/types.ts";
import { type NameValidation, isValidLabelNameIn, isValidMetricNameIn } from "../../metrics/metric-names.ts";
import { groupId } from "../grouping-key.ts";
import { type Group, PUSH_TIME_NAME, applyGroupingLabels, isPushTimeName } from "./group.ts";
import type { NameEntry } from "./merged-view.ts";
import type { SeriesIndex } from "./series-index.ts";
import { SchemaPool, type StoredFamily, StoredFamilyBuilder } from "./stored-family.ts";

/** A family the gateway exposes itself: pushes must agree with its type, and its HELP wins. */
export interface ReservedFamily {
  type: MetricType;
  help: string;
}

/** What a check reads of the store. */
export interface CheckedState {
  readonly reserved: ReadonlyMap<string, ReservedFamily>;
  readonly names: ReadonlyMap<string, NameEntry>;
  readonly series: SeriesIndex;
  readonly groupsById: ReadonlyMap<string, Group>;
}

/** A pushed family, built into its stored form while it was checked. */
export interface PreparedFamily {
  family: StoredFamily;
  pool: SchemaPool;
}

/** A consistency rule refused a push; the message is the tail of the 400 answer. */
export class PushRejected extends Error {}

const TYPE_NAMES: Record<MetricType, string> = {
  counter: "COUNTER",
  gauge: "GAUGE",
  untyped: "UNTYPED",
  summary: "SUMMARY",
  histogram: "HISTOGRAM",
};

/** Families below this size find duplicate series by scanning, above it through a set of hashes. */
const SCAN_LIMIT = 16;

export function describeSeries(name: string, labels: Labels): string {
  const names = Object.keys(labels).sort(compareStrings);
  return `${name}{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(",")}}`;
}

function suffixBase(name: string): { base: string; suffix: string } | undefined {
  for (const suffix of ["_count", "_sum", "_bucket"]) {
    if (name.endsWith(suffix) && name.length > suffix.length) return { base: name.slice(0, -suffix.length), suffix };
  }
  return undefined;
}

/** The type a name has outside group gid (other groups or the gateway itself). */
function typeElsewhere(state: CheckedState, name: string, gid: string): MetricType | undefined {
  const reserved = state.reserved.get(name);
  if (reserved) return reserved.type;
  const entry = state.names.get(name);
  if (!entry) return undefined;
  const others = entry.holders.size - (entry.holders.has(gid) ? 1 : 0);
  return others > 0 ? entry.type : undefined;
}

/**
 * Checks a push of families to group gid (key) and builds them into their
 * stored form. Throws PushRejected naming the first rule broken.
 */
export function checkPush(
  state: CheckedState,
  gid: string,
  key: Labels,
  families: readonly MetricFamily[],
  replace: boolean,
  names: NameValidation = "legacy",
): Map<string, PreparedFamily> {
  // A repeated family name overwrites the earlier one, as in the reference.
  const byName = new Map<string, MetricFamily>();
  for (const f of families) {
    for (const m of f.metrics) {
      if (m.timestampMs !== undefined) throw new PushRejected("pushed metrics must not have timestamps");
    }
    // The gateway's own push-time gauges override pushed ones of the same name.
    if (isPushTimeName(f.name)) continue;
    byName.set(f.name, f);
  }
  const group = state.groupsById.get(gid);

  // The type a name will have in this group after the push, or elsewhere.
  const typeAfter = (name: string): MetricType | undefined => {
    const pushed = byName.get(name);
    if (pushed) return pushed.type;
    if (isPushTimeName(name)) return "gauge";
    if (!replace) {
      const kept = group?.families.get(name);
      if (kept) return kept.type;
    }
    return typeElsewhere(state, name, gid);
  };

  const prepared = new Map<string, PreparedFamily>();
  for (const [name, f] of byName) {
    if (!isValidMetricNameIn(names, name)) throw new PushRejected(`metric name ${JSON.stringify(name)} is not valid`);
    const other = typeElsewhere(state, name, gid);
    if (other !== undefined && other !== f.type) {
      throw new PushRejected(
        `gathered metric family ${name} has type ${TYPE_NAMES[f.type]} but should have ${TYPE_NAMES[other]}`,
      );
    }
    const sb = suffixBase(name);
    if (sb) {
      const baseType = typeAfter(sb.base);
      if (baseType === "histogram" || (baseType === "summary" && sb.suffix !== "_bucket")) {
        throw new PushRejected(
          `collected metric named ${JSON.stringify(name)} collides with previously collected ${baseType} named ${JSON.stringify(sb.base)}`,
        );
      }
    }
    if (f.type === "summary" || f.type === "histogram") {
      const suffixes = f.type === "histogram" ? ["_count", "_sum", "_bucket"] : ["_count", "_sum"];
      for (const s of suffixes) {
        if (typeAfter(name + s) !== undefined) {
          throw new PushRejected(
            `collected ${f.type} named ${JSON.stringify(name)} collides with previously collected metric named ${JSON.stringify(name + s)}`,
          );
        }
      }
    }
    const entry = state.names.get(name);
    const pool = entry?.pool ?? new SchemaPool();
    const b = new StoredFamilyBuilder(gid, entry?.name ?? name, f.type, f.help, f.metrics.length, pool);
    const stored = b.family;
    const seen = f.metrics.length > SCAN_LIMIT ? new Set<number>() : undefined;
    // An existing group's own label strings, so that its series share them.
    const groupLabels = group?.labels ?? key;
    for (let i = 0; i < f.metrics.length; i++) {
      const m = f.metrics[i];
      const labels = applyGroupingLabels(m.labels, groupLabels);
      checkMetric(name, f.type, m, labels, names);
      const value = f.type === "summary" ? m.summary : f.type === "histogram" ? m.histogram : m.value;
      const hash = b.add(Object.keys(labels).sort(compareStrings), labels, value as NonNullable<typeof value>);
      const maybeSeen = seen === undefined || seen.has(hash);
      seen?.add(hash);
      if (
        (maybeSeen && stored.hasSeries(hash, b.lastSchema, stored.labelValues, b.lastStart, i)) ||
        state.series.heldElsewhere(gid, name, hash, b.lastSchema, stored.labelValues, b.lastStart)
      ) {
        throw new PushRejected(
          `collected metric ${describeSeries(name, labels)} was collected before with the same name and label values`,
        );
      }
    }
    prepared.set(name, { family: stored, pool });
  }

  if (!group) checkTimeSeriesFree(state.groupsById, gid, key);
  return prepared;
}

/**
 * A new group's push-time series must not collide with another group's.
 * They carry the group's labels plus instance="" when it has none, so only
 * {..., instance=""} and {...} without instance can collide.
 */
export function checkTimeSeriesFree(groupsById: ReadonlyMap<string, Group>, gid: string, key: Labels): void {
  let twin: Labels | undefined;
  if (key.instance === undefined) twin = { ...key, instance: "" };
  else if (key.instance === "") {
    twin = { ...key };
    delete twin.instance;
  }
  if (twin === undefined) return;
  const twinId = groupId(twin);
  if (twinId !== gid && groupsById.has(twinId)) {
    throw new PushRejected(
      `collected metric ${describeSeries(PUSH_TIME_NAME, applyGroupingLabels({}, key))} was collected before with the same name and label values`,
    );
  }
}

function checkMetric(name: string, type: MetricType, m: Metric, labels: Labels, names: NameValidation): void {
  const where = () => describeSeries(name, labels);
  const hasContent =
    type === "summary" ? m.summary !== undefined : type === "histogram" ? m.histogram !== undefined : m.value !== undefined;
  if (!hasContent) throw new PushRejected(`collected metric ${where()} is not a ${TYPE_NAMES[type]}`);
  for (const [ln, lv] of Object.entries(labels)) {
    if (!isValidLabelNameIn(names, ln) || ln.startsWith("__")) {
      throw new PushRejected(`collected metric ${where()} has a label with an invalid name: ${ln}`);
    }
    if ((type === "summary" && ln === "quantile") || (type === "histogram" && ln === "le")) {
      throw new PushRejected(`collected metric ${where()} must not have an explicit ${JSON.stringify(ln)} label`);
    }
    if (!lv.isWellFormed()) {
      throw new PushRejected(`collected metric ${where()} has a label named ${JSON.stringify(ln)} whose value is not utf8`);
    }
  }
  if (type === "summary") {
    checkRepeats(name, labels, "quantile", (m.summary?.quantiles ?? []).map((q) => q.quantile));
  } else if (type === "histogram") {
    checkRepeats(`${name}_bucket`, labels, "le", (m.histogram?.buckets ?? []).map((b) => b.upperBound));
  }
}

/**
 * A quantile or bucket bound given twice would be exposed as two series with
 * the same name and labels (a stray line in a text push does it), which
 * Prometheus drops; Pushgateway stores it. Compared as exposed: 0 and -0 are
 * one series.
 */
function checkRepeats(name: string, labels: Labels, label: string, bounds: readonly number[]): void {
  if (bounds.length < 2) return;
  const seen = new Set<string>();
  for (const b of bounds) {
    const text = formatExposedFloat(b);
    if (seen.has(text)) {
      throw new PushRejected(
        `collected metric ${describeSeries(name, { ...labels, [label]: text })} was collected before with the same name and label values`,
      );
    }
    seen.add(text);
  }
}
