import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { endFamilies } from "../../src/job/outcome-metrics.ts";
import { textfileName, writeTextfile } from "../../src/job/textfile.ts";

const dir = mkdtempSync(join(tmpdir(), "mon-textfile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = { job: "backup", labels: { instance: "db1" } };

describe("textfile destination", () => {
  test("file name is <job>[_<instance>].prom with unsafe characters replaced", () => {
    expect(textfileName(key)).toBe("backup_db1.prom");
    expect(textfileName({ job: "a/b c", labels: {} })).toBe("a_b_c.prom");
  });

  test("POST keeps the last success across a failure; the series carry the grouping labels", () => {
    expect(writeTextfile(dir, key, "POST", endFamilies({ startSeconds: 10, endSeconds: 20, exitCode: 0 })).ok).toBe(true);
    expect(writeTextfile(dir, key, "POST", endFamilies({ startSeconds: 30, endSeconds: 40, exitCode: 1 })).ok).toBe(true);
    const text = readFileSync(join(dir, "backup_db1.prom"), "utf8");
    expect(text).toContain('batch_job_last_success_timestamp_seconds{instance="db1",job="backup"} 20\n');
    expect(text).toContain('batch_job_last_failure_timestamp_seconds{instance="db1",job="backup"} 40\n');
    expect(text).toContain('batch_job_success{instance="db1",job="backup"} 0\n');
    expect(readdirSync(dir)).toEqual(["backup_db1.prom"]);
  });

  test("PUT replaces the file; DELETE removes it", () => {
    writeTextfile(dir, key, "PUT", endFamilies({ startSeconds: 50, endSeconds: 60, exitCode: 2 }));
    expect(readFileSync(join(dir, "backup_db1.prom"), "utf8")).not.toContain("batch_job_last_success_timestamp_seconds");
    expect(writeTextfile(dir, key, "DELETE", []).ok).toBe(true);
    expect(existsSync(join(dir, "backup_db1.prom"))).toBe(false);
  });

  test("a folder that cannot be written is a result, not an exception", () => {
    const r = writeTextfile(join(dir, "absent"), key, "POST", []);
    expect(r.ok).toBe(false);
    expect(r.reason).toContain("ENOENT");
  });
});
