// The gateway's metric store: groups of metric families keyed by their
// grouping key, with the consistency rules Pushgateway enforces on every push.
//
// Pushgateway checks a push by copying the whole store and gathering it, so a
// push costs time proportional to the store. Here two indexes are kept up to
// date instead: metric name -> type and holding groups, and series identity
// (name + full label set) -> owning group. A push is checked against them in
// time proportional to what it pushes (plus, for PUT, what it replaces), and
// the store can never hold two series with the same identity or two types
// for one name, so exposition cannot fail.
//
// Families are held compactly (stored-family.ts): a few flat arrays per
// family of a group, not an object per series, and the series index is keyed
// by a numeric hash of the identity (series-index.ts). The push-time gauges
// are not stored at all: they are read off the group when needed.
//
// Most pushes repeat the series their group already holds with new values.
// Those update the stored family in place rather than replacing it: the
// long-lived arrays and index entries stay put, so a steady stream of pushes
// leaves only short-lived garbage behind.

import { compareStrings, sortMetrics } from "../metrics/text-writer.ts";
import type { Labels, Metric, MetricFamily, MetricType } from "../metrics/types.ts";
import { isValidLabelName, isValidMetricName } from "../metrics/types.ts";
import { groupId, isValidGroupingLabelName } from "./grouping-key.ts";
import { SeriesIndex } from "./series-index.ts";
import { type FamilyRecord, SchemaPool, StoredFamily, StoredFamilyBuilder } from "./stored-family.ts";

export type { FamilyRecord } from "./stored-family.ts";

export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const PUSH_TIME_NAME = "push_time_seconds";
export const PUSH_TIME_HELP = "Last Unix time when changing this group in the Pushgateway succeeded.";
export const PUSH_FAILURE_TIME_NAME = "push_failure_time_seconds";
export const PUSH_FAILURE_TIME_HELP = "Last Unix time when changing this group in the Pushgateway failed.";

/** A family the gateway exposes itself: pushes must agree with its type, and its HELP wins. */
export interface ReservedFamily {
  type: MetricType;
  help: string;
}

export interface Group {
  readonly id: string;
  readonly labels: Labels;
  /**
   * Every family of the group, push_time_seconds and push_failure_time_seconds
   * included, in the order they were last written.
   */
  readonly families: Map<string, FamilyRecord>;
  /** Last successful push (Unix ms), 0 if none. */
  pushTimeMs: number;
  /** Last failed push (Unix ms), 0 if none. */
  pushFailureTimeMs: number;
  /** Last successful push, or creation for a group that never had one; drives --push.ttl. */
  activityMs: number;
}

export type PushOutcome = { ok: true } | { ok: false; error: string };

export interface StoreOptions {
  clock?: Clock;
  /** The gateway's own families, by name. */
  reserved?: ReadonlyMap<string, ReservedFamily>;
  /** Groups without a successful push for longer than this are dropped; 0 disables. */
  ttlMs?: number;
}

interface NameEntry {
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

/** A group as persisted: its labels, times and pushed families (no push-time families). */
export interface GroupSnapshot {
  labels: Labels;
  pushTimeMs: number;
  pushFailureTimeMs: number;
  activityMs: number;
  families: { timestampMs: number; family: MetricFamily }[];
}

const TYPE_NAMES: Record<MetricType, string> = {
  counter: "COUNTER",
  gauge: "GAUGE",
  untyped: "UNTYPED",
  summary: "SUMMARY",
  histogram: "HISTOGRAM",
};

function describeSeries(name: string, labels: Labels): string {
  const names = Object.keys(labels).sort(compareStrings);
  return `${name}{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(",")}}`;
}

/** The labels every series of a group carries: the key's, plus instance="" when the key has none. */
export function applyGroupingLabels(series: Labels, key: Labels): Labels {
  const labels: Labels = { ...series, ...key };
  if (labels.instance === undefined) labels.instance = "";
  return labels;
}

function suffixBase(name: string): { base: string; suffix: string } | undefined {
  for (const suffix of ["_count", "_sum", "_bucket"]) {
    if (name.endsWith(suffix) && name.length > suffix.length) return { base: name.slice(0, -suffix.length), suffix };
  }
  return undefined;
}

class PushRejected extends Error {}

interface PreparedFamily {
  family: StoredFamily;
  pool: SchemaPool;
}

/** Families below this size find duplicate series by scanning, above it through a set of hashes. */
const SCAN_LIMIT = 16;

/** push_time_seconds or push_failure_time_seconds of a group: nothing stored, the value is the group's. */
class TimeFamily implements FamilyRecord {
  timestampMs = 0;

  constructor(
    private readonly group: Group,
    readonly name: string,
    readonly help: string,
  ) {}

  get type(): MetricType {
    return "gauge";
  }

  get size(): number {
    return 1;
  }

  metricsInto(out: Metric[]): void {
    const ms = this.name === PUSH_TIME_NAME ? this.group.pushTimeMs : this.group.pushFailureTimeMs;
    out.push({ labels: applyGroupingLabels({}, this.group.labels), value: ms / 1000 });
  }

  toFamily(): MetricFamily {
    const metrics: Metric[] = [];
    this.metricsInto(metrics);
    return { name: this.name, help: this.help, type: "gauge", metrics };
  }
}

class MergedView implements FamilyView {
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

export class GatewayStore {
  private readonly clock: Clock;
  private readonly reserved: ReadonlyMap<string, ReservedFamily>;
  private readonly ttlMs: number;
  private readonly groupsById = new Map<string, Group>();
  /** Groups in order of activityMs (oldest first), for O(expired) expiry. */
  private readonly byActivity = new Map<string, Group>();
  private readonly names = new Map<string, NameEntry>();
  private readonly series = new SeriesIndex();
  private readonly listeners: (() => void)[] = [];
  private sortedNames?: string[];
  /** Incremented on every change; persistence compares it. */
  version = 0;
  expiredTotal = 0;

  constructor(opts: StoreOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.reserved = opts.reserved ?? new Map();
    this.ttlMs = opts.ttlMs ?? 0;
  }

  /** Called after every change (push, failure, delete, wipe, expiry). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  get size(): number {
    return this.groupsById.size;
  }

  group(labels: Labels): Group | undefined {
    return this.groupsById.get(groupId(labels));
  }

  /** Groups ordered by job, then by their other labels. */
  groups(): Group[] {
    this.expire();
    return [...this.groupsById.values()].sort((a, b) => compareStrings(sortKey(a.labels), sortKey(b.labels)));
  }

  /**
   * Applies a push. replace=true is PUT (all families of the group go),
   * false is POST (only the families named go). A rejected push changes
   * nothing but the group's push_failure_time_seconds.
   */
  push(key: Labels, families: readonly MetricFamily[], replace: boolean): PushOutcome {
    const now = this.clock.now();
    this.expire(now);
    const gid = groupId(key);
    let prepared: Map<string, PreparedFamily>;
    try {
      prepared = this.check(gid, key, families, replace);
    } catch (err) {
      if (!(err instanceof PushRejected)) throw err;
      this.recordFailure(gid, key, now);
      return { ok: false, error: err.message };
    }
    const group = this.groupsById.get(gid) ?? this.createGroup(gid, key, now);
    this.applyFamilies(group, prepared, replace, now);
    group.pushTimeMs = now;
    group.activityMs = now;
    this.byActivity.delete(gid);
    this.byActivity.set(gid, group);
    this.setTimeFamily(group, PUSH_TIME_NAME, PUSH_TIME_HELP, now);
    this.changed();
    return { ok: true };
  }

  /** Deletes a group; deleting a group that does not exist is fine. */
  delete(key: Labels): void {
    this.expire();
    if (this.removeGroup(groupId(key))) this.changed();
  }

  wipe(): void {
    if (this.groupsById.size === 0) return;
    for (const gid of [...this.groupsById.keys()]) this.removeGroup(gid);
    this.changed();
  }

  /**
   * Drops groups whose last successful push is older than the TTL. Cheap:
   * it only looks at groups that are due. Returns how many went.
   */
  expire(now = this.clock.now()): number {
    if (this.ttlMs <= 0) return 0;
    let n = 0;
    for (const [gid, g] of this.byActivity) {
      if (now - g.activityMs <= this.ttlMs) break;
      this.removeGroup(gid);
      n++;
    }
    if (n > 0) {
      this.expiredTotal += n;
      this.changed();
    }
    return n;
  }

  /** Every name in the store merged across groups, sorted by name; empty ones included. */
  familyViews(): FamilyView[] {
    this.expire();
    this.sortedNames ??= [...this.names.keys()].sort(compareStrings);
    const out: FamilyView[] = [];
    for (const name of this.sortedNames) {
      const entry = this.names.get(name) as NameEntry;
      entry.view ??= new MergedView(name, entry.type, entry.holders, this.reserved.get(name)?.help);
      out.push(entry.view);
    }
    return out;
  }

  /** Every family in the store, merged across groups, sorted by name, series sorted; empty ones included. */
  families(): MetricFamily[] {
    return this.familyViews().map((v) => v.family());
  }

  snapshot(): GroupSnapshot[] {
    const out: GroupSnapshot[] = [];
    for (const g of this.byActivity.values()) {
      const families: GroupSnapshot["families"] = [];
      for (const [name, f] of g.families) {
        if (name === PUSH_TIME_NAME || name === PUSH_FAILURE_TIME_NAME) continue;
        families.push({ timestampMs: f.timestampMs, family: f.toFamily() });
      }
      out.push({
        labels: g.labels,
        pushTimeMs: g.pushTimeMs,
        pushFailureTimeMs: g.pushFailureTimeMs,
        activityMs: g.activityMs,
        families,
      });
    }
    return out;
  }

  /**
   * Loads persisted groups into an empty store, checking each like a PUT.
   * Returns the errors of groups that were skipped because they conflict.
   */
  restore(groups: readonly GroupSnapshot[]): string[] {
    const errors: string[] = [];
    for (const s of groups) {
      const gid = groupId(s.labels);
      let prepared: Map<string, PreparedFamily>;
      try {
        if (this.groupsById.has(gid)) throw new PushRejected("group is listed twice");
        if (!s.labels.job) throw new PushRejected("group has no job label");
        for (const n of Object.keys(s.labels)) {
          if (!isValidGroupingLabelName(n)) throw new PushRejected(`improper label name ${JSON.stringify(n)}`);
        }
        prepared = this.check(gid, s.labels, s.families.map((f) => f.family), true);
      } catch (err) {
        errors.push(`group ${describeSeries("", s.labels)}: ${(err as Error).message}`);
        continue;
      }
      const group = this.createGroup(gid, s.labels, s.activityMs);
      const stamps = new Map(s.families.map((f) => [f.family.name, f.timestampMs]));
      for (const [name, p] of prepared) this.addFamily(group, name, p.family, stamps.get(name) ?? s.pushTimeMs, p.pool);
      group.pushTimeMs = s.pushTimeMs;
      group.pushFailureTimeMs = s.pushFailureTimeMs;
      group.activityMs = s.activityMs;
      this.setTimeFamily(group, PUSH_TIME_NAME, PUSH_TIME_HELP, s.pushTimeMs || s.activityMs);
      this.setTimeFamily(group, PUSH_FAILURE_TIME_NAME, PUSH_FAILURE_TIME_HELP, s.pushFailureTimeMs || s.activityMs);
    }
    // Restored groups arrive oldest first already, but a hand-made file may not.
    const ordered = [...this.byActivity.values()].sort((a, b) => a.activityMs - b.activityMs);
    this.byActivity.clear();
    for (const g of ordered) this.byActivity.set(g.id, g);
    this.changed();
    return errors;
  }

  // --- checking -----------------------------------------------------------

  /** The type a name has outside group gid (other groups or the gateway itself). */
  private typeElsewhere(name: string, gid: string): MetricType | undefined {
    const reserved = this.reserved.get(name);
    if (reserved) return reserved.type;
    const entry = this.names.get(name);
    if (!entry) return undefined;
    const others = entry.holders.size - (entry.holders.has(gid) ? 1 : 0);
    return others > 0 ? entry.type : undefined;
  }

  private check(
    gid: string,
    key: Labels,
    families: readonly MetricFamily[],
    replace: boolean,
  ): Map<string, PreparedFamily> {
    // A repeated family name overwrites the earlier one, as in the reference.
    const byName = new Map<string, MetricFamily>();
    for (const f of families) {
      for (const m of f.metrics) {
        if (m.timestampMs !== undefined) throw new PushRejected("pushed metrics must not have timestamps");
      }
      // The gateway's own push-time gauges override pushed ones of the same name.
      if (f.name === PUSH_TIME_NAME || f.name === PUSH_FAILURE_TIME_NAME) continue;
      byName.set(f.name, f);
    }
    const group = this.groupsById.get(gid);

    // The type a name will have in this group after the push, or elsewhere.
    const typeAfter = (name: string): MetricType | undefined => {
      const pushed = byName.get(name);
      if (pushed) return pushed.type;
      if (name === PUSH_TIME_NAME || name === PUSH_FAILURE_TIME_NAME) return "gauge";
      if (!replace) {
        const kept = group?.families.get(name);
        if (kept) return kept.type;
      }
      return this.typeElsewhere(name, gid);
    };

    const prepared = new Map<string, PreparedFamily>();
    const seen = new Set<string>();
    for (const [name, f] of byName) {
      if (!isValidMetricName(name)) throw new PushRejected(`metric name ${JSON.stringify(name)} is not valid`);
      const other = this.typeElsewhere(name, gid);
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
      const entry = this.names.get(name);
      const pool = entry?.pool ?? new SchemaPool();
      const b = new StoredFamilyBuilder(gid, entry?.name ?? name, f.type, f.help, f.metrics.length, pool);
      const stored = b.family;
      const seen = f.metrics.length > SCAN_LIMIT ? new Set<number>() : undefined;
      // An existing group's own label strings, so that its series share them.
      const groupLabels = group?.labels ?? key;
      for (let i = 0; i < f.metrics.length; i++) {
        const m = f.metrics[i];
        const labels = applyGroupingLabels(m.labels, groupLabels);
        checkMetric(name, f.type, m, labels);
        const value = f.type === "summary" ? m.summary : f.type === "histogram" ? m.histogram : m.value;
        const hash = b.add(Object.keys(labels).sort(compareStrings), labels, value as NonNullable<typeof value>);
        const maybeSeen = seen === undefined || seen.has(hash);
        seen?.add(hash);
        if (
          (maybeSeen && stored.hasSeries(hash, b.lastSchema, stored.labelValues, b.lastStart, i)) ||
          this.series.heldElsewhere(gid, name, hash, b.lastSchema, stored.labelValues, b.lastStart)
        ) {
          throw new PushRejected(
            `collected metric ${describeSeries(name, labels)} was collected before with the same name and label values`,
          );
        }
      }
      prepared.set(name, { family: stored, pool });
    }

    if (!group) this.checkTimeSeriesFree(gid, key);
    return prepared;
  }

  /**
   * A new group's push-time series must not collide with another group's.
   * They carry the group's labels plus instance="" when it has none, so only
   * {..., instance=""} and {...} without instance can collide.
   */
  private checkTimeSeriesFree(gid: string, key: Labels): void {
    let twin: Labels | undefined;
    if (key.instance === undefined) twin = { ...key, instance: "" };
    else if (key.instance === "") {
      twin = { ...key };
      delete twin.instance;
    }
    if (twin === undefined) return;
    const twinId = groupId(twin);
    if (twinId !== gid && this.groupsById.has(twinId)) {
      throw new PushRejected(
        `collected metric ${describeSeries(PUSH_TIME_NAME, applyGroupingLabels({}, key))} was collected before with the same name and label values`,
      );
    }
  }

  // --- mutating -----------------------------------------------------------

  private recordFailure(gid: string, key: Labels, now: number): void {
    let group = this.groupsById.get(gid);
    if (!group) {
      try {
        this.checkTimeSeriesFree(gid, key);
      } catch {
        // Creating this group would break /metrics; the reference does it anyway.
        return;
      }
      group = this.createGroup(gid, key, now);
    }
    group.pushFailureTimeMs = now;
    this.setTimeFamily(group, PUSH_FAILURE_TIME_NAME, PUSH_FAILURE_TIME_HELP, now);
    this.changed();
  }

  private createGroup(gid: string, key: Labels, now: number): Group {
    const group: Group = {
      id: gid,
      labels: { ...key },
      families: new Map(),
      pushTimeMs: 0,
      pushFailureTimeMs: 0,
      activityMs: now,
    };
    this.groupsById.set(gid, group);
    this.byActivity.set(gid, group);
    this.setTimeFamily(group, PUSH_TIME_NAME, PUSH_TIME_HELP, now);
    this.setTimeFamily(group, PUSH_FAILURE_TIME_NAME, PUSH_FAILURE_TIME_HELP, now);
    return group;
  }

  /** Records a write of a push-time family; its value is the group's pushTimeMs or pushFailureTimeMs. */
  private setTimeFamily(group: Group, name: string, help: string, stampMs: number): void {
    const stored = group.families.get(name);
    if (stored) this.touchFamily(group, name, stored, stampMs);
    else this.addFamily(group, name, new TimeFamily(group, name, help), stampMs);
  }

  private applyFamilies(group: Group, prepared: Map<string, PreparedFamily>, replace: boolean, now: number): void {
    if (replace) {
      for (const name of [...group.families.keys()]) {
        if (name !== PUSH_TIME_NAME && name !== PUSH_FAILURE_TIME_NAME && !prepared.has(name)) this.removeFamily(group, name);
      }
    }
    for (const [name, p] of prepared) {
      const stored = group.families.get(name) as StoredFamily | undefined;
      if (stored && stored.sameSeries(p.family)) {
        stored.copyValuesFrom(p.family);
        this.touchFamily(group, name, stored, now);
        continue;
      }
      this.removeFamily(group, name);
      this.addFamily(group, name, p.family, now, p.pool);
    }
  }

  /**
   * Records a write of a family whose series stayed the same: it moves to
   * the end of its group's and its name's insertion order, as a removal and
   * re-addition would (that order decides whose HELP wins and the API's key
   * order), and the merged family is rebuilt on the next scrape.
   */
  private touchFamily(group: Group, name: string, stored: FamilyRecord, stampMs: number): void {
    stored.timestampMs = stampMs;
    group.families.delete(name);
    group.families.set(name, stored);
    const entry = this.names.get(name) as NameEntry;
    entry.holders.delete(group.id);
    entry.holders.set(group.id, stored);
    entry.view = undefined;
  }

  private addFamily(group: Group, name: string, family: FamilyRecord, stampMs: number, pool?: SchemaPool): void {
    family.timestampMs = stampMs;
    group.families.set(name, family);
    let entry = this.names.get(name);
    if (!entry) {
      entry = { name, type: family.type, holders: new Map(), pool: pool ?? new SchemaPool() };
      this.names.set(name, entry);
      this.sortedNames = undefined;
    }
    entry.holders.set(group.id, family);
    entry.view = undefined;
    if (family instanceof StoredFamily) this.series.add(family);
  }

  private removeFamily(group: Group, name: string): void {
    const stored = group.families.get(name);
    if (!stored) return;
    group.families.delete(name);
    if (stored instanceof StoredFamily) this.series.remove(stored);
    const entry = this.names.get(name);
    if (!entry) return;
    entry.holders.delete(group.id);
    entry.view = undefined;
    if (entry.holders.size === 0) {
      this.names.delete(name);
      this.sortedNames = undefined;
    }
  }

  private removeGroup(gid: string): boolean {
    const group = this.groupsById.get(gid);
    if (!group) return false;
    for (const name of [...group.families.keys()]) this.removeFamily(group, name);
    this.groupsById.delete(gid);
    this.byActivity.delete(gid);
    return true;
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

function sortKey(labels: Labels): string {
  const rest = Object.keys(labels)
    .filter((n) => n !== "job")
    .sort(compareStrings);
  return JSON.stringify([labels.job ?? "", ...rest.flatMap((n) => [n, labels[n]])]);
}

function checkMetric(name: string, type: MetricType, m: Metric, labels: Labels): void {
  const where = () => describeSeries(name, labels);
  const hasContent =
    type === "summary" ? m.summary !== undefined : type === "histogram" ? m.histogram !== undefined : m.value !== undefined;
  if (!hasContent) throw new PushRejected(`collected metric ${where()} is not a ${TYPE_NAMES[type]}`);
  for (const [ln, lv] of Object.entries(labels)) {
    if (!isValidLabelName(ln) || ln.startsWith("__")) {
      throw new PushRejected(`collected metric ${where()} has a label with an invalid name: ${ln}`);
    }
    if ((type === "summary" && ln === "quantile") || (type === "histogram" && ln === "le")) {
      throw new PushRejected(`collected metric ${where()} must not have an explicit ${JSON.stringify(ln)} label`);
    }
    if (!lv.isWellFormed()) {
      throw new PushRejected(`collected metric ${where()} has a label named ${JSON.stringify(ln)} whose value is not utf8`);
    }
  }
}
