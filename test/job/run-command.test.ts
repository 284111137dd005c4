import { afterAll, describe, expect, spyOn, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCommandMetrics, shellExitStatus } from "../../src/job/run-command.ts";
import { tryLock } from "../../src/job/run-lock.ts";

const dir = mkdtempSync(join(tmpdir(), "mon-run-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("shellExitStatus", () => {
  test("an exit code is itself; a signal is 128+N, as a shell reports it", () => {
    expect(shellExitStatus(3, null)).toBe(3);
    expect(shellExitStatus(null, "SIGKILL")).toBe(137);
    expect(shellExitStatus(null, "SIGTERM")).toBe(143);
    expect(shellExitStatus(null, 2)).toBe(130);
  });
});

describe("readCommandMetrics", () => {
  test("samples without # TYPE are untyped; outcome names are dropped with a note", () => {
    const file = join(dir, "ok.prom");
    writeFileSync(file, "records 5\nbatch_job_success 1\n");
    const stderr = spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(readCommandMetrics(file)).toEqual([{ name: "records", type: "untyped", metrics: [{ labels: {}, value: 5 }] }]);
      expect(String(stderr.mock.calls[0][0])).toContain("ignoring batch_job_success");
    } finally {
      stderr.mockRestore();
    }
  });

  test("an invalid file is reported with its line and yields nothing; an absent or empty one yields nothing quietly", () => {
    const file = join(dir, "bad.prom");
    writeFileSync(file, "a 1\nb{ 2\n");
    const stderr = spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(readCommandMetrics(file)).toEqual([]);
      expect(String(stderr.mock.calls[0][0])).toContain(`MON_METRICS_FILE ${file}:2: `);
      writeFileSync(join(dir, "empty.prom"), "");
      expect(readCommandMetrics(join(dir, "empty.prom"))).toEqual([]);
      expect(readCommandMetrics(join(dir, "absent.prom"))).toEqual([]);
      expect(stderr.mock.calls.length).toBe(1);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe("tryLock", () => {
  test("a held lock is refused until it is released", () => {
    const path = join(dir, "job.lock");
    const first = tryLock(path);
    expect(first).toBeDefined();
    expect(tryLock(path)).toBeUndefined();
    first?.release();
    const again = tryLock(path);
    expect(again).toBeDefined();
    again?.release();
  });

  test("a lock file that cannot be opened is an error naming it", () => {
    expect(() => tryLock(join(dir, "no/such/dir/job.lock"))).toThrow(`lock file ${join(dir, "no/such/dir/job.lock")}`);
  });
});
