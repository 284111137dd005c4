// A store's groups as plain data: what the persistence file holds and what a
// cluster snapshot holds, and what GatewayStore.restore() loads back.

import type { Labels, MetricFamily } from "../../metrics/types.ts";
import { type Group, isPushTimeName } from "./group.ts";

/** A group as persisted: its labels, times and pushed families (no push-time families). */
export interface GroupSnapshot {
  labels: Labels;
  pushTimeMs: number;
  pushFailureTimeMs: number;
  activityMs: number;
  families: { timestampMs: number; family: MetricFamily }[];
}

/** Snapshots of groups, in the order given (the store gives them oldest activity first). */
export function snapshotGroups(groups: Iterable<Group>): GroupSnapshot[] {
  const out: GroupSnapshot[] = [];
  for (const g of groups) {
    const families: GroupSnapshot["families"] = [];
    for (const [name, f] of g.families) {
      if (isPushTimeName(name)) continue;
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
