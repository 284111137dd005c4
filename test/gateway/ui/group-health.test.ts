import { describe, expect, test } from "bun:test";
import type { Group } from "../../../src/gateway/store/group.ts";
import { type Clock, GatewayStore } from "../../../src/gateway/store/state.ts";
import { assessGroup, assessGroups, jobOutcome, shortDuration } from "../../../src/gateway/ui/group-health.ts";
import { parseText } from "../../../src/metrics/text-parser.ts";

const T0 = 1_700_000_000_000;
const MIN = 60_000;
const HOUR = 60 * MIN;

class FakeClock implements Clock {
  constructor(public ms = T0) {}
  now(): number {
    return this.ms;
  }
}

/** A store with groups pushed as text; returns the group of the last push. */
function setup() {
  const clock = new FakeClock();
  const store = new GatewayStore({ clock });
  const push = (job: string, text: string, replace = true): Group => {
    const outcome = store.push({ job }, parseText(text), replace);
    if (!outcome.ok) throw new Error(outcome.error);
    return store.group({ job }) as Group;
  };
  return { clock, store, push };
}

describe("job outcome", () => {
  test("batch_job_success with its exit code; running again after a failure", () => {
    const { push } = setup();
    expect(jobOutcome(push("a", "batch_job_success 1\n"))).toEqual({ succeeded: true, source: "batch_job_success", running: false });
    expect(jobOutcome(push("b", "batch_job_success 0\nbatch_job_exit_code 124\n"))).toEqual({
      succeeded: false,
      source: "batch_job_success",
      exitCode: 124,
      running: false,
    });
    const again = push("b", "batch_job_running 1\nbatch_job_last_start_timestamp_seconds 1.7e9\n", false);
    expect(jobOutcome(again)).toMatchObject({ succeeded: false, running: true, runningSinceMs: 1.7e12 });
  });

  test("any *_success gauge, a failing one named; untyped counts, counters do not", () => {
    const { push } = setup();
    expect(jobOutcome(push("a", "# TYPE backup_success gauge\nbackup_success 1\n# TYPE upload_success gauge\nupload_success 0\n"))).toMatchObject({
      succeeded: false,
      source: "upload_success",
    });
    expect(jobOutcome(push("b", "sync_success 1\n"))).toMatchObject({ succeeded: true, source: "sync_success" });
    expect(jobOutcome(push("c", "# TYPE runs_success counter\nruns_success 0\n"))).toBeUndefined();
    expect(jobOutcome(push("d", "records 5\n"))).toBeUndefined();
    expect(jobOutcome(push("e", 'batch_job_success{step="a"} 1\nbatch_job_success{step="b"} 0\n'))?.succeeded).toBe(false);
    expect(jobOutcome(push("f", "batch_job_success NaN\n"))?.succeeded).toBeUndefined();
  });
});

describe("staleness", () => {
  test("older than its expected interval", () => {
    const { push, clock } = setup();
    const g = push("a", "batch_job_expected_interval_seconds 3600\n");
    expect(assessGroup(g, clock.ms + HOUR, 0)).toMatchObject({ stale: false, staleAfterMs: HOUR, staleRule: "expected interval" });
    expect(assessGroup(g, clock.ms + HOUR + 1, 0).stale).toBe(true);
  });

  test("older than --push.ttl when set, whichever is shorter; never without either", () => {
    const { push, clock } = setup();
    const plain = push("a", "x 1\n");
    expect(assessGroup(plain, clock.ms + 100 * HOUR, 0)).toMatchObject({ stale: false });
    expect(assessGroup(plain, clock.ms + 100 * HOUR, 0).staleAfterMs).toBeUndefined();
    expect(assessGroup(plain, clock.ms + 31 * MIN, 30 * MIN)).toMatchObject({ stale: true, staleRule: "--push.ttl" });
    const daily = push("b", "batch_job_expected_interval_seconds 86400\n");
    expect(assessGroup(daily, clock.ms + 2 * HOUR, HOUR)).toMatchObject({ stale: true, staleAfterMs: HOUR, staleRule: "--push.ttl" });
    const often = push("c", "batch_job_expected_interval_seconds 60\n");
    expect(assessGroup(often, clock.ms + 2 * MIN, HOUR)).toMatchObject({ stale: true, staleAfterMs: MIN, staleRule: "expected interval" });
  });

  test("counted from the last accepted push, not from a refused one", () => {
    const { store, push, clock } = setup();
    const g = push("a", "batch_job_expected_interval_seconds 60\n");
    clock.ms += 2 * MIN;
    expect(store.push({ job: "a" }, parseText("x 1 5\n"), true).ok).toBe(false);
    expect(assessGroup(g, clock.ms, 0)).toMatchObject({ stale: true, pushFailed: true, lastPushMs: T0 });
  });
});

describe("order and counts", () => {
  test("failed jobs, then refused pushes, then stale groups, then the rest, each in the store's order", () => {
    const { store, push, clock } = setup();
    push("old", "batch_job_expected_interval_seconds 60\n");
    push("zz-failed", "batch_job_success 0\n");
    push("a-healthy", "batch_job_success 1\n");
    push("refused", "x 1\n");
    push("b-failed", "batch_job_success 0\n");
    clock.ms += 5 * MIN;
    expect(store.push({ job: "refused" }, parseText("x 1 5\n"), true).ok).toBe(false);
    const { rows, counts } = assessGroups(store.groups(), clock.ms, 0);
    expect(rows.map((h) => h.group.labels.job)).toEqual(["b-failed", "zz-failed", "refused", "old", "a-healthy"]);
    expect(counts).toEqual({ groups: 5, failedJobs: 2, failedPushes: 1, stale: 1 });
  });
});

test("shortDuration", () => {
  expect([0, 59_999, MIN, 59 * MIN, HOUR, 47 * HOUR, 48 * HOUR, -5].map(shortDuration)).toEqual([
    "0 s",
    "59 s",
    "1 min",
    "59 min",
    "1 h",
    "47 h",
    "2 d",
    "0 s",
  ]);
});
