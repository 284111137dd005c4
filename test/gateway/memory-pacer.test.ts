import { describe, expect, test } from "bun:test";
import { MemoryPacer, type MemoryPacerOptions } from "../../src/gateway/memory-pacer.ts";

const MiB = 2 ** 20;

/** A pacer on a hand-driven clock, RSS, timer queue and deferred-task queue. */
function harness(over: Partial<MemoryPacerOptions> = {}) {
  const h = {
    now: 0,
    rss: 100 * MiB,
    rssReads: 0,
    /** What RSS becomes when a collection runs, and how long it takes. */
    rssAfterCollect: 100 * MiB,
    collectMs: 10,
    collected: [] as number[],
    deferred: [] as (() => void)[],
    timers: [] as { at: number; fn: () => void }[],
    flush() {
      for (const fn of h.deferred.splice(0)) fn();
    },
    /** Moves the clock to ms, firing due timers in order. */
    advance(ms: number) {
      const end = h.now + ms;
      for (;;) {
        h.timers.sort((a, b) => a.at - b.at);
        const t = h.timers[0];
        if (!t || t.at > end) break;
        h.timers.shift();
        h.now = t.at;
        t.fn();
        h.flush();
      }
      h.now = Math.max(h.now, end);
    },
  };
  const pacer = new MemoryPacer({
    headroomBytes: 16 * MiB,
    minIntervalMs: 250,
    idleMs: 1000,
    checkEveryMs: 20,
    rss: () => {
      h.rssReads++;
      return h.rss;
    },
    collect: () => {
      h.collected.push(h.now);
      h.now += h.collectMs;
      h.rss = h.rssAfterCollect;
    },
    now: () => h.now,
    defer: (fn) => h.deferred.push(fn),
    timer: (fn, ms) => h.timers.push({ at: h.now + ms, fn }),
    ...over,
  });
  return { h, pacer };
}

describe("memory pacer", () => {
  test("no collection while RSS stays within the headroom of the first reading", () => {
    const { h, pacer } = harness();
    pacer.activity();
    for (let i = 0; i < 50; i++) {
      h.advance(30);
      h.rss += MiB / 5;
      pacer.activity();
      h.flush();
    }
    expect(h.collected).toEqual([]);
  });

  test("growth beyond the headroom collects after the response, and the new level becomes the floor", () => {
    const { h, pacer } = harness();
    pacer.activity();
    h.advance(30);
    h.rss += 17 * MiB;
    pacer.activity();
    // Deferred, not run inside the request.
    expect(h.collected).toEqual([]);
    h.flush();
    expect(h.collected).toEqual([30]);
    expect(pacer.collections).toBe(1);
    // Measured against what the collection left (100 MiB), not the start.
    h.advance(300);
    h.rss = 110 * MiB;
    pacer.activity();
    h.flush();
    expect(h.collected).toEqual([30]);
    h.advance(30);
    h.rss = 117 * MiB;
    pacer.activity();
    h.flush();
    expect(h.collected).toEqual([30, 370]);
  });

  test("collections are spaced by the minimum interval and by 20 times their own duration", () => {
    for (const [collectMs, expected] of [
      // Each interval counts from the end of the previous collection.
      [10, [20, 280, 540]],
      // 120 + 2000, at the next RSS check (every 20 ms).
      [100, [20, 2130]],
    ] as const) {
      const { h, pacer } = harness();
      h.collectMs = collectMs;
      h.rssAfterCollect = 100 * MiB;
      pacer.activity();
      for (let t = 0; t < 2200; t += 10) {
        h.advance(10);
        h.rss = 200 * MiB;
        pacer.activity();
        h.flush();
      }
      expect(h.collected.slice(0, expected.length)).toEqual([...expected]);
    }
  });

  test("RSS is read at most once per check period", () => {
    const { h, pacer } = harness();
    for (let i = 0; i < 100; i++) {
      pacer.activity();
      h.advance(1);
    }
    expect(h.rssReads).toBe(5);
  });

  test("one collection after activity stops, none when nothing happened since the last", () => {
    const { h, pacer } = harness();
    pacer.activity();
    h.advance(500);
    pacer.activity();
    h.advance(999);
    expect(h.collected).toEqual([]);
    h.advance(1);
    expect(h.collected).toEqual([1500]);
    h.advance(5000);
    expect(h.collected).toEqual([1500]);
    expect(h.timers).toEqual([]);
    pacer.activity();
    h.advance(1000);
    expect(h.collected).toEqual([1500, 7510]);
  });
});
