// End to end: the compiled dist/mon gateway on a loopback port. Pushes,
// scrapes, and checks that kill -9 after a persist loses nothing persisted
// and that SIGTERM persists and exits 0.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPersistedStore } from "../support/persisted-store.ts";
import { LOOPBACK_ANY, type SpawnedServer, spawnServer } from "../support/server-port.ts";
import { MON_BINARY } from "../support/spawn-mon.ts";

const MON = MON_BINARY;

const dir = mkdtempSync(join(tmpdir(), "mon-gw-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[]): Promise<SpawnedServer> {
  return spawnServer([MON, "gateway", `--web.listen-address=${LOOPBACK_ANY}`, ...args], { what: "dist/mon gateway", readyPath: "/-/ready" });
}

async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await Bun.sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const persistedJobs = (file: string) =>
  readPersistedStore(file)
    .groups()
    .map((g) => g.labels.job);

describe("dist/mon gateway", () => {
  test("push, scrape, delete, status codes over a real socket", async () => {
    const gw = await start([]);
    try {
      const put = await fetch(`${gw.base}/metrics/job/e2e/instance/i1`, { method: "PUT", body: 'x{a="1"} 42\n' });
      expect(put.status).toBe(200);
      const bad = await fetch(`${gw.base}/metrics/job/e2e`, { method: "POST", body: "x 1" });
      expect(bad.status).toBe(400);
      const text = await (await fetch(`${gw.base}/metrics`)).text();
      expect(text).toContain('x{a="1",instance="i1",job="e2e"} 42');
      expect(text).toContain("pushgateway_build_info{");
      expect((await fetch(`${gw.base}/metrics/job/e2e/instance/i1`, { method: "DELETE" })).status).toBe(202);
      expect(await (await fetch(`${gw.base}/metrics`)).text()).not.toContain("job=\"e2e\"");
      expect((await fetch(`${gw.base}/metrics`, { method: "HEAD" })).status).toBe(405);
    } finally {
      gw.proc.kill(9);
      await gw.proc.exited;
    }
  });

  test("kill -9 after a persist loses nothing that was persisted", async () => {
    const file = join(dir, "kill9.db");
    const gw = await start([`--persistence.file=${file}`, "--persistence.interval=0"]);
    for (const job of ["a", "b", "c"]) {
      expect((await fetch(`${gw.base}/metrics/job/${job}`, { method: "PUT", body: `v_${job} 1\n` })).status).toBe(200);
    }
    // Acknowledged with --persistence.interval=0: on disk already.
    expect(persistedJobs(file)).toEqual(["a", "b", "c"]);
    gw.proc.kill(9);
    await gw.proc.exited;
    const again = await start([`--persistence.file=${file}`]);
    try {
      const text = await (await fetch(`${again.base}/metrics`)).text();
      for (const job of ["a", "b", "c"]) expect(text).toContain(`v_${job}{instance="",job="${job}"} 1`);
    } finally {
      again.proc.kill(9);
      await again.proc.exited;
    }
    // Nothing was set aside: the file was never half-written.
    expect(readdirSync(dir).filter((n) => n.includes(".corrupt-"))).toEqual([]);
  });

  test("SIGTERM persists and exits 0", async () => {
    const file = join(dir, "term.db");
    // A long interval: only the shutdown write can put the push on disk.
    const gw = await start([`--persistence.file=${file}`, "--persistence.interval=1h"]);
    expect((await fetch(`${gw.base}/metrics/job/term`, { method: "PUT", body: "t 7\n" })).status).toBe(200);
    gw.proc.kill("SIGTERM");
    expect(await gw.proc.exited).toBe(0);
    expect(persistedJobs(file)).toEqual(["term"]);
    const again = await start([`--persistence.file=${file}`, "--web.enable-lifecycle"]);
    expect(await (await fetch(`${again.base}/metrics`)).text()).toContain('t{instance="",job="term"} 7');
    // And the lifecycle API shuts down cleanly too.
    expect((await fetch(`${again.base}/-/quit`, { method: "POST" })).status).toBe(200);
    expect(await again.proc.exited).toBe(0);
  });

  test("a persistence path that is a directory exits 1 naming it, and the directory stays", async () => {
    const state = join(dir, "state");
    mkdirSync(state);
    const proc = Bun.spawn([MON, "gateway", "--web.listen-address=127.0.0.1:0", `--persistence.file=${state}`], {
      stderr: "pipe",
      stdout: "ignore",
    });
    expect(await proc.exited).toBe(1);
    expect(await new Response(proc.stderr).text()).toContain(`persistence file ${state}: is a directory`);
    expect(statSync(state).isDirectory()).toBe(true);
    expect(readdirSync(dir).filter((n) => n.startsWith("state"))).toEqual(["state"]);
  });

  test("a port in use is a clear error and a non-zero exit", async () => {
    const gw = await start([]);
    try {
      const port = gw.port;
      const second = Bun.spawn([MON, "gateway", `--web.listen-address=127.0.0.1:${port}`], { stderr: "pipe", stdout: "ignore" });
      expect(await second.exited).not.toBe(0);
      expect(await new Response(second.stderr).text()).toContain(`127.0.0.1:${port}`);
    } finally {
      gw.proc.kill(9);
      await gw.proc.exited;
    }
  });
});
