// A store's groups as plain data: what the persistence file holds and what a
// cluster snapshot holds, and what GatewayStore.restore() loads back.

import type { Labels, MetricFamily } from "../../metrics/types.ts";
import { type Group, PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME, isPushTimeName } from "./group.ts";

/**
 * A group as persisted: its labels, times and pushed families (no push-time
 * families). The optional fields make a restore exact (a cluster replica
 * starting from a snapshot must equal the replicas that applied the log):
 * without them (older files) families are restored in their group's order.
 */
export interface GroupSnapshot {
  labels: Labels;
  pushTimeMs: number;
  pushFailureTimeMs: number;
  activityMs: number;
  /** When the group was created. */
  createdMs?: number;
  /** Write order (see FamilyRecord.writeSeq) of push_time_seconds and push_failure_time_seconds. */
  pushTimeSeq?: number;
  pushFailureTimeSeq?: number;
  families: { timestampMs: number; family: MetricFamily; seq?: number }[];
}

/** Snapshots of groups, in the order given (the store gives them oldest activity first). */
export function snapshotGroups(groups: Iterable<Group>): GroupSnapshot[] {
  const out: GroupSnapshot[] = [];
  for (const g of groups) {
    const families: GroupSnapshot["families"] = [];
    for (const [name, f] of g.families) {
      if (isPushTimeName(name)) continue;
      families.push({ timestampMs: f.timestampMs, family: f.toFamily(), seq: f.writeSeq });
    }
    out.push({
      labels: g.labels,
      pushTimeMs: g.pushTimeMs,
      pushFailureTimeMs: g.pushFailureTimeMs,
      activityMs: g.activityMs,
      createdMs: g.createdMs,
      pushTimeSeq: g.families.get(PUSH_TIME_NAME)?.writeSeq,
      pushFailureTimeSeq: g.families.get(PUSH_FAILURE_TIME_NAME)?.writeSeq,
      families,
    });
  }
  return out;
}
