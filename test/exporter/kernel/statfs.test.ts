import { describe, expect, test } from "bun:test";
import { StatfsPool } from "../../../src/exporter/kernel/statfs-pool.ts";
import { StatfsError, statfsSync } from "../../../src/exporter/kernel/statfs.ts";

// Real system calls on paths every Linux host has; no timing involved.
describe("statfs", () => {
  test("of / in this thread", () => {
    const s = statfsSync("/");
    expect(s.bsize).toBeGreaterThan(0);
    expect(s.blocks).toBeGreaterThan(0);
    expect(s.bfree).toBeLessThanOrEqual(s.blocks);
  });

  test("of a missing path gives ENOENT with Go's text", () => {
    let err: unknown;
    try {
      statfsSync("/nonexistent/mon-statfs-test");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatfsError);
    expect((err as StatfsError).message).toBe("no such file or directory");
  });

  test("through the worker pool", async () => {
    const pool = new StatfsPool({ maxWorkers: 2, hungAfterMs: 60_000 });
    try {
      const s = await pool.statfs("/");
      expect(s.blocks).toBeGreaterThan(0);
      // Not expect().rejects: in bun test it does not wait for a worker's reply.
      const err = await pool.statfs("/nonexistent/mon-statfs-test").catch((e) => e);
      expect(err).toBeInstanceOf(StatfsError);
    } finally {
      pool.close();
    }
  });
});
