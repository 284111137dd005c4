// The gateway's metric store as a deterministic state machine: groups of
// metric families keyed by their grouping key, changed only by
// apply(mutation) -> verdict. A mutation carries its own time (atMs), so the
// same mutations applied in the same order give the same verdicts and the
// same state, in a single node and on every replica of a cluster alike.
//
// Pushgateway checks a push by copying the whole store and gathering it, so a
// push costs time proportional to the store. Here two indexes are kept up to
// date instead (consistency.ts): metric name -> type and holding groups
// (merged-view.ts), and series identity -> owning group (series-index.ts).
//
// Families are held compactly (stored-family.ts): a few flat arrays per
// family of a group, not an object per series. Most pushes repeat the series
// their group already holds with new values; those update the stored family
// in place, so a steady stream of pushes leaves only short-lived garbage.

import { compareStrings } from "../../metrics/text-writer.ts";
import type { NameValidation } from "../../metrics/metric-names.ts";
import type { Labels, MetricFamily } from "../../metrics/types.ts";
import { groupId, isValidGroupingLabelName } from "../grouping-key.ts";
import {
  type CheckedState,
  type PreparedFamily,
  PushRejected,
  type ReservedFamily,
  checkPush,
  checkTimeSeriesFree,
  describeSeries,
} from "./consistency.ts";
import { type Group, PUSH_FAILURE_TIME_HELP, PUSH_FAILURE_TIME_NAME, PUSH_TIME_HELP, PUSH_TIME_NAME, TimeFamily, isPushTimeName } from "./group.ts";
import { type FamilyView, MergedView, type NameEntry } from "./merged-view.ts";
import type { Mutation, PushMutation, Verdict } from "./mutation-codec.ts";
import { SeriesIndex } from "./series-index.ts";
import { type GroupSnapshot, snapshotGroups } from "./snapshot.ts";
import { type FamilyRecord, SchemaPool, StoredFamily } from "./stored-family.ts";

export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface StoreOptions {
  /** Time of the mutations the convenience methods (push, delete, ...) make, and of expiry on reads. */
  clock?: Clock;
  /** The gateway's own families, by name. */
  reserved?: ReadonlyMap<string, ReservedFamily>;
  /** Groups without a successful push for longer than this are dropped; 0 disables. */
  ttlMs?: number;
  /**
   * Whether reads (groups(), familyViews()) first apply an expiry at the
   * clock's time. A single node does, so that nothing past its TTL is ever
   * served. A cluster replica must not: its expiry goes through the shared log.
   */
  expireOnRead?: boolean;
  /**
   * --push.enable-utf8-names: "utf8" accepts pushed metric and label names
   * beyond the legacy charset. Restoring a snapshot always does, so that
   * turning the flag off never drops stored groups.
   */
  nameValidation?: NameValidation;
  /** Told the grouping keys of the groups an expiry dropped (for the log). */
  onExpired?: (groups: Labels[], atMs: number) => void;
}

const OK: Verdict = { ok: true };

export class GatewayStore {
  private readonly clock: Clock;
  private readonly reserved: ReadonlyMap<string, ReservedFamily>;
  private readonly ttlMs: number;
  private readonly expireOnRead: boolean;
  private readonly nameValidation: NameValidation;
  private readonly onExpired?: (groups: Labels[], atMs: number) => void;
  private readonly groupsById = new Map<string, Group>();
  /** Groups in order of activityMs (oldest first), for O(expired) expiry. */
  private readonly byActivity = new Map<string, Group>();
  private readonly names = new Map<string, NameEntry>();
  private readonly series = new SeriesIndex();
  /** What the consistency check reads. */
  private readonly indexes: CheckedState;
  private readonly listeners: ((m: Mutation | undefined, v: Verdict) => void)[] = [];
  private sortedNames?: string[];
  /** Counts family writes; see FamilyRecord.writeSeq. */
  private writes = 0;
  /** Set by whatever changed the state while a mutation was applied. */
  private pendingChange = false;
  /** Incremented on every change; persistence compares it. */
  version = 0;
  expiredTotal = 0;

  constructor(opts: StoreOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.reserved = opts.reserved ?? new Map();
    this.ttlMs = opts.ttlMs ?? 0;
    this.expireOnRead = opts.expireOnRead ?? true;
    this.nameValidation = opts.nameValidation ?? "legacy";
    this.onExpired = opts.onExpired;
    this.indexes = { reserved: this.reserved, names: this.names, series: this.series, groupsById: this.groupsById };
  }

  /**
   * Called after every change (push, failure, delete, wipe, expiry) with the
   * mutation and its verdict; the mutation is undefined for a restore.
   */
  onChange(listener: (m: Mutation | undefined, v: Verdict) => void): void {
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
    this.expireIfReading();
    return [...this.groupsById.values()].sort((a, b) => compareStrings(sortKey(a.labels), sortKey(b.labels)));
  }

  /**
   * The only way the store changes. A push is checked against the
   * consistency rules; a refused push changes nothing but the group's
   * push_failure_time_seconds. Everything else is always accepted.
   */
  apply(m: Mutation): Verdict {
    const verdict = this.applyWithoutNotice(m);
    if (this.pendingChange) {
      this.pendingChange = false;
      this.changed(m, verdict);
    }
    return verdict;
  }

  private applyWithoutNotice(m: Mutation): Verdict {
    switch (m.kind) {
      case "push":
        return this.applyPush(m);
      case "delete":
        this.dropExpired(m.atMs);
        if (this.removeGroup(groupId(m.key))) this.pendingChange = true;
        return OK;
      case "wipe":
        if (this.groupsById.size === 0) return OK;
        for (const gid of [...this.groupsById.keys()]) this.removeGroup(gid);
        this.pendingChange = true;
        return OK;
      case "expire":
        this.dropExpired(m.atMs);
        return OK;
    }
  }

  /** A push at the clock's time: replace=true is PUT (all families of the group go), false is POST. */
  push(key: Labels, families: readonly MetricFamily[], replace: boolean): Verdict {
    return this.apply({ kind: "push", atMs: this.clock.now(), key, families: [...families], replace });
  }

  /** Deletes a group at the clock's time; deleting a group that does not exist is fine. */
  delete(key: Labels): void {
    this.apply({ kind: "delete", atMs: this.clock.now(), key });
  }

  wipe(): void {
    this.apply({ kind: "wipe", atMs: this.clock.now() });
  }

  /**
   * Drops groups whose last successful push is older than the TTL at now.
   * Cheap: it only looks at groups that are due. Returns how many went.
   */
  expire(now = this.clock.now()): number {
    const before = this.expiredTotal;
    this.apply({ kind: "expire", atMs: now });
    return this.expiredTotal - before;
  }

  /** Every name in the store merged across groups, sorted by name; empty ones included. */
  familyViews(): FamilyView[] {
    this.expireIfReading();
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

  /** The groups as plain data, oldest activity first. */
  snapshot(): GroupSnapshot[] {
    return snapshotGroups(this.byActivity.values());
  }

  /**
   * Loads persisted groups into an empty store, checking each like a PUT.
   * Returns the errors of groups that were skipped because they conflict.
   */
  restore(groups: readonly GroupSnapshot[]): string[] {
    const errors: string[] = [];
    // Whether every write carries its place in the original write order (see FamilyRecord.writeSeq).
    let exact = true;
    const place = (f: FamilyRecord | undefined, seq: number | undefined) => {
      if (seq === undefined) exact = false;
      else if (f) f.writeSeq = seq;
    };
    for (const s of groups) {
      const gid = groupId(s.labels);
      let prepared: Map<string, PreparedFamily>;
      try {
        if (this.groupsById.has(gid)) throw new PushRejected("group is listed twice");
        if (!s.labels.job) throw new PushRejected("group has no job label");
        for (const n of Object.keys(s.labels)) {
          if (!isValidGroupingLabelName(n, "utf8")) throw new PushRejected(`improper label name ${JSON.stringify(n)}`);
        }
        prepared = checkPush(this.indexes, gid, s.labels, s.families.map((f) => f.family), true, "utf8");
      } catch (err) {
        errors.push(`group ${describeSeries("", s.labels)}: ${(err as Error).message}`);
        continue;
      }
      const created = s.createdMs ?? s.activityMs;
      const group = this.createGroup(gid, s.labels, created, false);
      const stored = new Map(s.families.map((f) => [f.family.name, f]));
      for (const [name, p] of prepared) {
        const f = stored.get(name);
        this.addFamily(group, name, p.family, f?.timestampMs ?? s.pushTimeMs, p.pool);
        place(p.family, f?.seq);
      }
      group.pushTimeMs = s.pushTimeMs;
      group.pushFailureTimeMs = s.pushFailureTimeMs;
      group.activityMs = s.activityMs;
      this.setTimeFamily(group, PUSH_TIME_NAME, PUSH_TIME_HELP, s.pushTimeMs || created);
      this.setTimeFamily(group, PUSH_FAILURE_TIME_NAME, PUSH_FAILURE_TIME_HELP, s.pushFailureTimeMs || created);
      place(group.families.get(PUSH_TIME_NAME), s.pushTimeSeq);
      place(group.families.get(PUSH_FAILURE_TIME_NAME), s.pushFailureTimeSeq);
    }
    if (exact) this.reorderByWrites();
    // Restored groups arrive oldest first already, but a hand-made file may not.
    const ordered = [...this.byActivity.values()].sort((a, b) => a.activityMs - b.activityMs);
    this.byActivity.clear();
    for (const g of ordered) this.byActivity.set(g.id, g);
    this.changed(undefined, OK);
    return errors;
  }

  /** Puts every group's families and every name's holders in write order, as they were when the snapshot was taken. */
  private reorderByWrites(): void {
    const bySeq = (a: [string, FamilyRecord], b: [string, FamilyRecord]) => a[1].writeSeq - b[1].writeSeq;
    const reorder = (m: Map<string, FamilyRecord>) => {
      const sorted = [...m].sort(bySeq);
      m.clear();
      for (const [k, v] of sorted) m.set(k, v);
    };
    for (const g of this.groupsById.values()) {
      reorder(g.families);
      for (const f of g.families.values()) this.writes = Math.max(this.writes, f.writeSeq);
    }
    for (const entry of this.names.values()) {
      reorder(entry.holders);
      entry.view = undefined;
    }
  }

  /**
   * Empties the store and loads groups: a cluster replica starting from, or
   * falling back to, the shared snapshot. Returns the skipped groups' errors.
   */
  replaceWith(groups: readonly GroupSnapshot[]): string[] {
    for (const gid of [...this.groupsById.keys()]) this.removeGroup(gid);
    return this.restore(groups);
  }

  /** Whether an expiry at now would drop a group; lets a replica skip logging expiries that do nothing. */
  hasExpiredAt(now: number): boolean {
    if (this.ttlMs <= 0) return false;
    const oldest = this.byActivity.values().next().value;
    return oldest !== undefined && now - oldest.activityMs > this.ttlMs;
  }

  // --- applying -----------------------------------------------------------

  private applyPush(m: PushMutation): Verdict {
    const now = m.atMs;
    this.dropExpired(now);
    const gid = groupId(m.key);
    let prepared: Map<string, PreparedFamily>;
    try {
      prepared = checkPush(this.indexes, gid, m.key, m.families, m.replace, this.nameValidation);
    } catch (err) {
      if (!(err instanceof PushRejected)) throw err;
      this.recordFailure(gid, m.key, now, err.message);
      return { ok: false, error: err.message };
    }
    const group = this.groupsById.get(gid) ?? this.createGroup(gid, m.key, now);
    this.applyFamilies(group, prepared, m.replace, now);
    group.pushTimeMs = now;
    group.activityMs = now;
    this.byActivity.delete(gid);
    this.byActivity.set(gid, group);
    this.setTimeFamily(group, PUSH_TIME_NAME, PUSH_TIME_HELP, now);
    this.pendingChange = true;
    return OK;
  }

  private expireIfReading(): void {
    if (this.expireOnRead && this.ttlMs > 0) this.expire();
  }

  /** Drops the groups past the TTL at now. */
  private dropExpired(now: number): void {
    if (this.ttlMs <= 0) return;
    const dropped: Labels[] = [];
    for (const [gid, g] of this.byActivity) {
      if (now - g.activityMs <= this.ttlMs) break;
      this.removeGroup(gid);
      dropped.push(g.labels);
    }
    if (dropped.length > 0) {
      this.expiredTotal += dropped.length;
      this.pendingChange = true;
      this.onExpired?.(dropped, now);
    }
  }

  private recordFailure(gid: string, key: Labels, now: number, reason: string): void {
    let group = this.groupsById.get(gid);
    if (!group) {
      try {
        checkTimeSeriesFree(this.groupsById, gid, key);
      } catch {
        // Creating this group would break /metrics; the reference does it anyway.
        return;
      }
      group = this.createGroup(gid, key, now);
    }
    group.pushFailureTimeMs = now;
    group.pushFailureReason = reason;
    this.setTimeFamily(group, PUSH_FAILURE_TIME_NAME, PUSH_FAILURE_TIME_HELP, now);
    this.pendingChange = true;
  }

  private createGroup(gid: string, key: Labels, now: number, withTimeFamilies = true): Group {
    const group: Group = {
      id: gid,
      labels: { ...key },
      families: new Map(),
      pushTimeMs: 0,
      pushFailureTimeMs: 0,
      pushFailureReason: "",
      activityMs: now,
      createdMs: now,
    };
    this.groupsById.set(gid, group);
    this.byActivity.set(gid, group);
    if (!withTimeFamilies) return group;
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
        if (!isPushTimeName(name) && !prepared.has(name)) this.removeFamily(group, name);
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
    stored.writeSeq = ++this.writes;
    group.families.delete(name);
    group.families.set(name, stored);
    const entry = this.names.get(name) as NameEntry;
    entry.holders.delete(group.id);
    entry.holders.set(group.id, stored);
    entry.view = undefined;
  }

  private addFamily(group: Group, name: string, family: FamilyRecord, stampMs: number, pool?: SchemaPool): void {
    family.timestampMs = stampMs;
    family.writeSeq = ++this.writes;
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

  private changed(m: Mutation | undefined, v: Verdict): void {
    this.version++;
    for (const l of this.listeners) l(m, v);
  }
}

function sortKey(labels: Labels): string {
  const rest = Object.keys(labels)
    .filter((n) => n !== "job")
    .sort(compareStrings);
  return JSON.stringify([labels.job ?? "", ...rest.flatMap((n) => [n, labels[n]])]);
}
