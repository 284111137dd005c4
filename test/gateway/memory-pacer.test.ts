import { describe, expect, test } from "bun:test";
import { MemoryPacer, type MemoryPacerOptions } from "../../src/gateway/memory-pacer.ts";

const KiB = 2 ** 10;
const MiB = 2 ** 20;

/** A pacer on a hand-driven clock, timer queue and deferred-task queue. */
function harness(over: Partial<MemoryPacerOptions> = {}) {
  const h = {
    now: 0,
    /** How long a collection takes. */
    collectMs: 10,
    /** The live heap a collection leaves. */
    liveBytes: 0,
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
    requestBytes: 8 * KiB,
    budgetBytes: 8 * MiB,
    budgetRatio: 0.5,
    liveBytes: () => h.liveBytes,
    maxTimeShare: 0.1,
    idleMs: 1000,
    collect: () => {
      h.collected.push(h.now);
      h.now += h.collectMs;
    },
    now: () => h.now,
    defer: (fn) => h.deferred.push(fn),
    timer: (fn, ms) => h.timers.push({ at: h.now + ms, fn }),
    ...over,
  });
  return { h, pacer };
}

describe("memory pacer", () => {
  test("a collection once the requests' garbage reaches the budget, after the response", () => {
    const { h, pacer } = harness();
    for (let i = 0; i < 1023; i++) pacer.activity();
    h.flush();
    expect(h.collected).toEqual([]);
    pacer.activity();
    // Deferred, not run inside the request.
    expect(h.collected).toEqual([]);
    h.flush();
    expect(h.collected).toEqual([0]);
    expect(pacer.collections).toBe(1);
  });

  test("reported bodies count toward the budget", () => {
    const { h, pacer } = harness();
    pacer.activity();
    pacer.allocated(3 * MiB);
    pacer.allocated(3 * MiB);
    h.flush();
    expect(h.collected).toEqual([]);
    pacer.allocated(2 * MiB);
    h.flush();
    expect(h.collected).toEqual([0]);
  });

  test("collections take at most the set share of the time", () => {
    for (const [collectMs, expected] of [
      // 10 ms each, 10%: at most one per 100 ms after the previous one ended.
      [10, [0, 110, 220]],
      [50, [0, 550, 1100]],
    ] as const) {
      const { h, pacer } = harness();
      h.collectMs = collectMs;
      for (let t = 0; t < 1200; t += 10) {
        pacer.allocated(16 * MiB);
        h.flush();
        h.advance(10);
      }
      expect(h.collected.slice(0, expected.length)).toEqual([...expected]);
    }
  });

  test("only one collection is pending at a time", () => {
    const { h, pacer } = harness();
    pacer.allocated(9 * MiB);
    pacer.allocated(9 * MiB);
    h.flush();
    expect(h.collected).toEqual([0]);
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

  test("the budget grows with the live heap, never below the floor", () => {
    const { h, pacer } = harness();
    h.liveBytes = 40 * MiB;
    pacer.allocated(8 * MiB);
    h.flush();
    expect(h.collected).toEqual([0]);
    // Now half of 40 MiB: 8 MiB more is not enough, 20 MiB is.
    h.advance(1000);
    pacer.allocated(8 * MiB);
    h.flush();
    expect(h.collected).toEqual([0]);
    pacer.allocated(12 * MiB);
    h.flush();
    expect(h.collected).toEqual([0, 1010]);
    // A small heap brings the floor back.
    h.liveBytes = 1 * MiB;
    h.advance(1000);
    pacer.allocated(20 * MiB);
    h.flush();
    h.advance(1000);
    pacer.allocated(8 * MiB);
    h.flush();
    expect(h.collected).toEqual([0, 1010, 2020, 3030]);
  });
});
