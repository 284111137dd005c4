import { describe, expect, test } from "bun:test";
import { StatfsPool, type WorkerLike, statfsWorkerUrl } from "../../../src/exporter/kernel/statfs-pool.ts";
import { type FsStats, StatfsError, goErrnoText } from "../../../src/exporter/kernel/statfs.ts";
import { ManualTimers } from "../../support/manual-timers.ts";

const STATS: FsStats = { type: 0xef53, bsize: 1, blocks: 2, bfree: 3, bavail: 4, files: 5, ffree: 6 };

/** A worker that answers at once, except for paths containing "hang" until released. */
class FakeWorker implements WorkerLike {
  static all: FakeWorker[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  held?: { id: number; path: string };
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(message: unknown): void {
    const m = message as { id: number; path: string };
    if (m.path.includes("hang")) {
      this.held = m;
      return;
    }
    queueMicrotask(() => this.answer(m));
  }
  answer(m: { id: number; path: string }): void {
    const data = m.path.includes("missing") ? { id: m.id, errno: 2, message: goErrnoText(2) } : { id: m.id, stats: STATS };
    this.onmessage?.({ data } as MessageEvent);
  }
  release(): void {
    const m = this.held as { id: number; path: string };
    this.held = undefined;
    this.answer({ id: m.id, path: "/ok" });
  }
  terminate(): void {
    this.terminated = true;
  }
}

function pool(maxWorkers = 2) {
  FakeWorker.all = [];
  const timers = new ManualTimers();
  const p = new StatfsPool({ maxWorkers, hungAfterMs: 5000, spawn: () => new FakeWorker(), timers });
  return { p, timers };
}

describe("StatfsPool", () => {
  test("answers and errors come back per call", async () => {
    const { p } = pool();
    expect(await p.statfs("/")).toEqual(STATS);
    const err = await p.statfs("/missing").catch((e) => e);
    expect(err).toBeInstanceOf(StatfsError);
    expect((err as StatfsError).errno).toBe(2);
    expect((err as StatfsError).message).toBe("no such file or directory");
    // Sequential calls reuse the one worker.
    expect(FakeWorker.all).toHaveLength(1);
  });

  test("a hung worker is replaced and later calls still get answers", async () => {
    const { p, timers } = pool(1);
    const hung = p.statfs("/hang");
    let hungDone = false;
    hung.then(() => (hungDone = true));
    const next = p.statfs("/");
    // Queued behind the hung call: nothing answers until the hang is detected.
    await Bun.sleep(0);
    expect(FakeWorker.all).toHaveLength(1);
    timers.fire(5000);
    expect(p.hungWorkers).toBe(1);
    expect(await next).toEqual(STATS);
    expect(FakeWorker.all).toHaveLength(2);
    expect(p.liveWorkers).toBe(1);

    // The kernel answers at last: the call resolves, and the extra worker leaves.
    FakeWorker.all[0].release();
    expect(await hung).toEqual(STATS);
    expect(hungDone).toBe(true);
    expect(p.hungWorkers).toBe(0);
    expect(FakeWorker.all.filter((w) => w.terminated)).toHaveLength(1);
  });

  test("a worker that fails to start fails the waiting calls", async () => {
    FakeWorker.all = [];
    const p = new StatfsPool({
      maxWorkers: 1,
      hungAfterMs: 5000,
      timers: new ManualTimers(),
      spawn: () => {
        const w = new FakeWorker();
        w.postMessage = () => queueMicrotask(() => w.onerror?.({ message: "module not found" } as ErrorEvent));
        return w;
      },
    });
    await expect(p.statfs("/")).rejects.toThrow("statfs worker failed: module not found");
  });
});

describe("statfsWorkerUrl", () => {
  const cases: [string, string, string][] = [
    ["from source", "file:///repo/src/exporter/kernel/statfs-pool.ts", "file:///repo/src/exporter/kernel/statfs-worker.ts"],
    ["in a compiled binary", "file:///$bunfs/root/mon", "file:///$bunfs/root/exporter/kernel/statfs-worker.js"],
  ];
  test.each(cases)("%s", (_n, moduleUrl, want) => {
    expect(statfsWorkerUrl(moduleUrl).href).toBe(want);
  });
});
