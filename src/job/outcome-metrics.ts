// The batch_job_* gauges mon run pushes. Names are fixed and documented in
// the README; the shipped alert rules depend on them. The start push marks
// the job running; the end push completes it. Both are POSTed, so the end
// push of a failed run leaves the previous
// batch_job_last_success_timestamp_seconds in place.

import { FamilyBuilder } from "../metrics/family-builder.ts";
import type { MetricFamily } from "../metrics/types.ts";

export const OUTCOME_METRIC_NAMES = [
  "batch_job_last_start_timestamp_seconds",
  "batch_job_running",
  "batch_job_duration_seconds",
  "batch_job_exit_code",
  "batch_job_success",
  "batch_job_last_completion_timestamp_seconds",
  "batch_job_last_success_timestamp_seconds",
  "batch_job_last_failure_timestamp_seconds",
  "batch_job_expected_interval_seconds",
] as const;

const HELP = {
  start: "Unix time the last run of the job started.",
  running: "1 while a run of the job is in progress, 0 after it ended.",
  duration: "How long the last completed run took, in seconds.",
  exitCode: "Exit code of the last completed run (124: timed out, 126: not executable, 127: not found, 128+N: killed by signal N).",
  success: "1 if the last completed run succeeded (exit code 0), else 0.",
  completion: "Unix time the last run of the job ended, successfully or not.",
  lastSuccess: "Unix time the job last succeeded.",
  lastFailure: "Unix time the job last failed.",
  expected: "How often the job is expected to run (mon run --expect-every), in seconds.",
};

export interface RunStart {
  startSeconds: number;
  /** --expect-every in seconds; undefined when not given. */
  expectEverySeconds?: number;
}

export interface RunOutcome extends RunStart {
  endSeconds: number;
  exitCode: number;
}

function common(b: FamilyBuilder, run: RunStart): void {
  b.gauge("batch_job_last_start_timestamp_seconds", HELP.start, run.startSeconds);
  if (run.expectEverySeconds !== undefined) b.gauge("batch_job_expected_interval_seconds", HELP.expected, run.expectEverySeconds);
}

export function startFamilies(run: RunStart): MetricFamily[] {
  const b = new FamilyBuilder();
  common(b, run);
  b.gauge("batch_job_running", HELP.running, 1);
  return b.build();
}

export function endFamilies(run: RunOutcome): MetricFamily[] {
  const b = new FamilyBuilder();
  const ok = run.exitCode === 0;
  common(b, run);
  b.gauge("batch_job_running", HELP.running, 0);
  b.gauge("batch_job_duration_seconds", HELP.duration, Math.max(0, run.endSeconds - run.startSeconds));
  b.gauge("batch_job_exit_code", HELP.exitCode, run.exitCode);
  b.gauge("batch_job_success", HELP.success, ok ? 1 : 0);
  b.gauge("batch_job_last_completion_timestamp_seconds", HELP.completion, run.endSeconds);
  if (ok) b.gauge("batch_job_last_success_timestamp_seconds", HELP.lastSuccess, run.endSeconds);
  else b.gauge("batch_job_last_failure_timestamp_seconds", HELP.lastFailure, run.endSeconds);
  return b.build();
}

/**
 * The command's own metrics, minus any that would overwrite the outcome:
 * returns the kept families and the names dropped.
 */
export function withoutOutcomeNames(families: MetricFamily[]): { kept: MetricFamily[]; dropped: string[] } {
  const reserved = new Set<string>(OUTCOME_METRIC_NAMES);
  return {
    kept: families.filter((f) => !reserved.has(f.name)),
    dropped: families.filter((f) => reserved.has(f.name)).map((f) => f.name),
  };
}
