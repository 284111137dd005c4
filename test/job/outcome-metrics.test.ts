import { describe, expect, test } from "bun:test";
import { writeText } from "../../src/metrics/text-writer.ts";
import { endFamilies, startFamilies, withoutOutcomeNames } from "../../src/job/outcome-metrics.ts";

function values(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of text.split("\n")) if (l !== "" && !l.startsWith("#")) out[l.split(" ")[0]] = l.split(" ")[1];
  return out;
}

describe("outcome metrics", () => {
  test("the start push marks the job running", () => {
    expect(values(writeText(startFamilies({ startSeconds: 100 })))).toEqual({
      batch_job_last_start_timestamp_seconds: "100",
      batch_job_running: "1",
    });
  });
  test("a success sets the last success time, not the last failure time", () => {
    expect(values(writeText(endFamilies({ startSeconds: 100, endSeconds: 130, exitCode: 0, expectEverySeconds: 3600 })))).toEqual({
      batch_job_duration_seconds: "30",
      batch_job_exit_code: "0",
      batch_job_expected_interval_seconds: "3600",
      batch_job_last_completion_timestamp_seconds: "130",
      batch_job_last_start_timestamp_seconds: "100",
      batch_job_last_success_timestamp_seconds: "130",
      batch_job_running: "0",
      batch_job_success: "1",
    });
  });
  test("a failure sets the last failure time and leaves the last success alone", () => {
    const v = values(writeText(endFamilies({ startSeconds: 100, endSeconds: 101, exitCode: 124 })));
    expect(v.batch_job_success).toBe("0");
    expect(v.batch_job_exit_code).toBe("124");
    expect(v.batch_job_last_failure_timestamp_seconds).toBe("101");
    expect(v.batch_job_last_success_timestamp_seconds).toBeUndefined();
  });
  test("every outcome family is a gauge with help", () => {
    for (const f of endFamilies({ startSeconds: 1, endSeconds: 2, exitCode: 1, expectEverySeconds: 60 })) {
      expect(f.type).toBe("gauge");
      expect(f.help).not.toBe("");
    }
  });
  test("the command's own metrics may not overwrite the outcome", () => {
    const { kept, dropped } = withoutOutcomeNames([
      { name: "batch_job_success", type: "untyped", metrics: [] },
      { name: "records", type: "untyped", metrics: [] },
    ]);
    expect(kept.map((f) => f.name)).toEqual(["records"]);
    expect(dropped).toEqual(["batch_job_success"]);
  });
});
