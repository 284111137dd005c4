// What the web page says about each group: did the job fail, was the last
// push refused, has the group gone quiet for longer than it should. Read from
// the store's groups only; pure, so the rules are tested without a page.

import type { MetricFamily } from "../../metrics/types.ts";
import type { Group } from "../store/group.ts";

/** The outcome the job itself reported through batch_job_success or another *_success gauge. */
export interface JobOutcome {
  /** undefined: the gauge is NaN. */
  succeeded: boolean | undefined;
  /** The family that said so; for a failure, the first that is 0. */
  source: string;
  /** batch_job_exit_code, when pushed. */
  exitCode?: number;
  /** batch_job_running is 1: a new run started after the outcome above. */
  running: boolean;
  /** batch_job_last_start_timestamp_seconds of the running job, Unix ms. */
  runningSinceMs?: number;
}

export interface GroupHealth {
  group: Group;
  outcome?: JobOutcome;
  jobFailed: boolean;
  /** The last push to the group was refused (after its last accepted one). */
  pushFailed: boolean;
  stale: boolean;
  /** Last accepted push, or the group's creation when it never had one (Unix ms). */
  lastPushMs: number;
  /** When the group counts as stale: its expected interval, else --push.ttl; undefined: never. */
  staleAfterMs?: number;
  /** What staleAfterMs comes from, for the page. */
  staleRule?: "expected interval" | "--push.ttl";
}

export const EXPECTED_INTERVAL_NAME = "batch_job_expected_interval_seconds";
const SUCCESS_NAME = "batch_job_success";
const EXIT_CODE_NAME = "batch_job_exit_code";
const RUNNING_NAME = "batch_job_running";
const START_NAME = "batch_job_last_start_timestamp_seconds";

function family(g: Group, name: string): MetricFamily | undefined {
  return g.families.get(name)?.toFamily();
}

/** The first series' value of a gauge (or untyped) family, if any. */
function firstValue(f: MetricFamily | undefined): number | undefined {
  if (!f || (f.type !== "gauge" && f.type !== "untyped")) return undefined;
  return f.metrics[0]?.value;
}

/** A gauge saying success: 0 is a failure, NaN unknown, anything else success. */
function successOf(f: MetricFamily): boolean | undefined {
  let unknown = false;
  for (const m of f.metrics) {
    const v = m.value ?? Number.NaN;
    if (v === 0) return false;
    if (Number.isNaN(v)) unknown = true;
  }
  return unknown ? undefined : true;
}

function isSuccessGauge(name: string, f: MetricFamily): boolean {
  // Untyped too: a quick curl push often has no # TYPE line.
  return name.endsWith("_success") && (f.type === "gauge" || f.type === "untyped") && f.metrics.length > 0;
}

export function jobOutcome(g: Group): JobOutcome | undefined {
  let source: string | undefined;
  let succeeded: boolean | undefined;
  const batch = family(g, SUCCESS_NAME);
  if (batch && isSuccessGauge(SUCCESS_NAME, batch)) {
    source = SUCCESS_NAME;
    succeeded = successOf(batch);
  } else {
    for (const name of [...g.families.keys()].sort()) {
      if (!name.endsWith("_success")) continue;
      const f = family(g, name) as MetricFamily;
      if (!isSuccessGauge(name, f)) continue;
      const s = successOf(f);
      if (source === undefined || (s === false && succeeded !== false)) {
        source = name;
        succeeded = s;
      }
    }
  }
  if (source === undefined) return undefined;
  const exitCode = firstValue(family(g, EXIT_CODE_NAME));
  const running = firstValue(family(g, RUNNING_NAME)) === 1;
  const start = firstValue(family(g, START_NAME));
  return {
    succeeded,
    source,
    ...(exitCode !== undefined && Number.isFinite(exitCode) ? { exitCode } : {}),
    running,
    ...(running && start !== undefined && Number.isFinite(start) ? { runningSinceMs: start * 1000 } : {}),
  };
}

export function assessGroup(g: Group, nowMs: number, ttlMs: number): GroupHealth {
  const outcome = jobOutcome(g);
  const lastPushMs = g.pushTimeMs || g.activityMs;
  const expected = firstValue(family(g, EXPECTED_INTERVAL_NAME));
  let staleAfterMs: number | undefined;
  let staleRule: GroupHealth["staleRule"];
  if (expected !== undefined && expected > 0 && Number.isFinite(expected)) {
    staleAfterMs = expected * 1000;
    staleRule = "expected interval";
  }
  // A single node drops a group past --push.ttl before reading it, so this
  // shows on a cluster replica whose expiry comes later, through the log.
  if (ttlMs > 0 && (staleAfterMs === undefined || ttlMs < staleAfterMs)) {
    staleAfterMs = ttlMs;
    staleRule = "--push.ttl";
  }
  return {
    group: g,
    ...(outcome ? { outcome } : {}),
    jobFailed: outcome?.succeeded === false,
    pushFailed: g.pushFailureTimeMs > g.pushTimeMs,
    stale: staleAfterMs !== undefined && nowMs - lastPushMs > staleAfterMs,
    lastPushMs,
    ...(staleAfterMs !== undefined ? { staleAfterMs, staleRule } : {}),
  };
}

/** 0 failed job, 1 refused push, 2 stale, 3 nothing to see. */
export function severity(h: GroupHealth): number {
  return h.jobFailed ? 0 : h.pushFailed ? 1 : h.stale ? 2 : 3;
}

export interface HealthCounts {
  groups: number;
  failedJobs: number;
  failedPushes: number;
  stale: number;
}

/** Every group assessed, worst first; within a severity the store's order (job, then labels). */
export function assessGroups(groups: readonly Group[], nowMs: number, ttlMs: number): { rows: GroupHealth[]; counts: HealthCounts } {
  const rows = groups.map((g) => assessGroup(g, nowMs, ttlMs));
  rows.sort((a, b) => severity(a) - severity(b));
  const counts: HealthCounts = { groups: rows.length, failedJobs: 0, failedPushes: 0, stale: 0 };
  for (const h of rows) {
    if (h.jobFailed) counts.failedJobs++;
    if (h.pushFailed) counts.failedPushes++;
    if (h.stale) counts.stale++;
  }
  return { rows, counts };
}

/** "45 s", "12 min", "3 h", "2 d": coarse on purpose, the page gives the exact time on hover. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}
