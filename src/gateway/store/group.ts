// A group of the store (the families pushed under one grouping key) and the
// two push-time gauges every group carries. Those gauges are not stored:
// their value is read off the group when needed.

import type { Labels, Metric, MetricFamily, MetricType } from "../../metrics/types.ts";
import type { FamilyRecord } from "./stored-family.ts";

export const PUSH_TIME_NAME = "push_time_seconds";
export const PUSH_TIME_HELP = "Last Unix time when changing this group in the Pushgateway succeeded.";
export const PUSH_FAILURE_TIME_NAME = "push_failure_time_seconds";
export const PUSH_FAILURE_TIME_HELP = "Last Unix time when changing this group in the Pushgateway failed.";

export function isPushTimeName(name: string): boolean {
  return name === PUSH_TIME_NAME || name === PUSH_FAILURE_TIME_NAME;
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
  /**
   * Why the last failed push was refused (the 400 answer's reason); "" when
   * unknown. The verdict follows from the mutation and the state, so every
   * replica computes the same; not persisted, so "" after a restart.
   */
  pushFailureReason: string;
  /** Last successful push, or creation for a group that never had one; drives --push.ttl. */
  activityMs: number;
  /** When the group was created (Unix ms): the push-time gauges' write time until the first push or failure. */
  createdMs: number;
}

/** The labels every series of a group carries: the key's, plus instance="" when the key has none. */
export function applyGroupingLabels(series: Labels, key: Labels): Labels {
  const labels: Labels = { ...series, ...key };
  if (labels.instance === undefined) labels.instance = "";
  return labels;
}

/** push_time_seconds or push_failure_time_seconds of a group: nothing stored, the value is the group's. */
export class TimeFamily implements FamilyRecord {
  timestampMs = 0;
  writeSeq = 0;

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
