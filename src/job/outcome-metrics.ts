// The batch_job_* gauges mon run pushes. Names are fixed and documented in
// the README; the shipped alert rules depend on them. The start push marks
// the job running; the end push completes it. Both are POSTed, so the end
// push of a failed run leaves the previous
// batch_job_last_success_timestamp_seconds in place.

import { FamilyBuilder } from "../metrics/family-builder.ts";
import { metricDesc } from "../metrics/metric-desc.ts";
import type { MetricFamily } from "../metrics/types.ts";

const gauge = (name: string, help: string) => metricDesc(name, "gauge", help);

const LAST_START = gauge("batch_job_last_start_timestamp_seconds", "Unix time the last run of the job started.");
const RUNNING = gauge("batch_job_running", "1 while a run of the job is in progress, 0 after it ended.");
const DURATION = gauge("batch_job_duration_seconds", "How long the last completed run took, in seconds.");
const EXIT_CODE = gauge(
  "batch_job_exit_code",
  "Exit code of the last completed run (124: timed out, 126: not executable, 127: not found, 128+N: killed by signal N).",
);
const SUCCESS = gauge("batch_job_success", "1 if the last completed run succeeded (exit code 0), else 0.");
const LAST_COMPLETION = gauge("batch_job_last_completion_timestamp_seconds", "Unix time the last run of the job ended, successfully or not.");
const LAST_SUCCESS = gauge("batch_job_last_success_timestamp_seconds", "Unix time the job last succeeded.");
const LAST_FAILURE = gauge("batch_job_last_failure_timestamp_seconds", "Unix time the job last failed.");
const EXPECTED_INTERVAL = gauge(
  "batch_job_expected_interval_seconds",
  "How often the job is expected to run (mon run --expect-every), in seconds.",
);

const OUTCOME_METRIC_NAMES: ReadonlySet<string> = new Set(
  [LAST_START, RUNNING, DURATION, EXIT_CODE, SUCCESS, LAST_COMPLETION, LAST_SUCCESS, LAST_FAILURE, EXPECTED_INTERVAL].map((d) => d.name),
);

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
  b.add(LAST_START, run.startSeconds);
  if (run.expectEverySeconds !== undefined) b.add(EXPECTED_INTERVAL, run.expectEverySeconds);
}

export function startFamilies(run: RunStart): MetricFamily[] {
  const b = new FamilyBuilder();
  common(b, run);
  b.add(RUNNING, 1);
  return b.build();
}

export function endFamilies(run: RunOutcome): MetricFamily[] {
  const b = new FamilyBuilder();
  const ok = run.exitCode === 0;
  common(b, run);
  b.add(RUNNING, 0);
  b.add(DURATION, Math.max(0, run.endSeconds - run.startSeconds));
  b.add(EXIT_CODE, run.exitCode);
  b.add(SUCCESS, ok ? 1 : 0);
  b.add(LAST_COMPLETION, run.endSeconds);
  b.add(ok ? LAST_SUCCESS : LAST_FAILURE, run.endSeconds);
  return b.build();
}

/**
 * The command's own metrics, minus any that would overwrite the outcome:
 * returns the kept families and the names dropped.
 */
export function withoutOutcomeNames(families: MetricFamily[]): { kept: MetricFamily[]; dropped: string[] } {
  return {
    kept: families.filter((f) => !OUTCOME_METRIC_NAMES.has(f.name)),
    dropped: families.filter((f) => OUTCOME_METRIC_NAMES.has(f.name)).map((f) => f.name),
  };
}
