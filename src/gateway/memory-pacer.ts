// Keeps the gateway's resident memory near what its data needs. Every push
// and scrape leaves short-lived garbage; JavaScriptCore collects when the
// heap has grown well past a fixed minimum (tens of MiB) or twice the live
// data, and memory it has once touched stays resident. A gateway taking
// thousands of pushes a second thus sits at two to three times the memory
// its store needs.
//
// The pacer keeps an estimate of the garbage made since the last collection
// (a fixed amount per request, plus what a route reports for large bodies)
// and runs a full collection, after the response has gone out, once that
// estimate passes a budget. The estimate is a count, not a reading: RSS does
// not fall after a collection under load (the allocator keeps the freed
// pages for reuse), so a trigger on RSS growth only fires a few times and
// then never again, while a count-based one keeps the heap from growing in
// the first place. Collections are spaced so that they take at most a set
// share of a busy gateway's time: the compact store makes one cost ~5-10 ms
// at 2,500 groups. One more runs when activity stops, so an idle gateway
// shrinks back.
//
// A collection costs time in proportion to the live heap, so a fixed budget
// would make each push dearer as the store grows. The budget therefore grows
// with the live heap measured after each collection (budgetRatio of it, never
// below budgetBytes): collecting costs the same per push at 10 groups and at
// 2,000, which is what keeps the push rate flat as the gateway fills.

import { gcAndSweep, heapSize } from "bun:jsc";

export interface MemoryPacerOptions {
  /** Garbage a request is assumed to leave behind, in bytes. */
  requestBytes: number;
  /** A collection runs once this much garbage is estimated since the last one (the floor). */
  budgetBytes: number;
  /** The budget is at least this share of the live heap left by the last collection. */
  budgetRatio: number;
  /** The JS heap's size in bytes, read right after a collection. */
  liveBytes: () => number;
  /** Collections may take at most this share of the time while the gateway is busy. */
  maxTimeShare: number;
  /** A collection runs this long after the last activity, if there was any since the last one. */
  idleMs: number;
  collect: () => void;
  now: () => number;
  /** Runs fn soon, after the current response has gone out. */
  defer: (fn: () => void) => void;
  /** An unref'd one-shot timer. */
  timer: (fn: () => void, ms: number) => void;
}

/**
 * Chosen with the bench/gateway.ts load (2,000 + 500 groups, 6 series per
 * push, 20 scrapes after; RssAnon when the scrapes are done, 3 runs each):
 *   budget 8 MiB, 10% of the time:  43-62 MiB, 12.3k-13.5k pushes/s
 *   budget 4 MiB, 20% of the time:  40-50 MiB, 10.2k-14.0k pushes/s
 *   budget 2 MiB, 30% of the time:  38 MiB, 8.5k-9.4k pushes/s
 *   eden collections (edenGC) instead, 2-4 MiB: 60-69 MiB
 *   the RSS-growth trigger this replaced: 52-65 MiB with the compact store
 * 4 MiB is a collection every 512 requests.
 * With the budget grown to the live heap (budgetRatio), 3 runs each:
 *   ratio 0.5: push rate at 2,000 groups 74-93% of the rate at 10, RSS 1.68-1.72x the reference
 *   ratio 1:   push rate at 2,000 groups 100-123% of the rate at 10, RSS 1.71-1.85x the reference
 */
export const DEFAULT_PACING = {
  requestBytes: 8 * 2 ** 10,
  budgetBytes: 4 * 2 ** 20,
  budgetRatio: 1,
  maxTimeShare: 0.2,
  idleMs: 1000,
};

export function systemPacerOptions(): MemoryPacerOptions {
  return {
    ...DEFAULT_PACING,
    // Mark and sweep at once so that the freed memory is reusable right away
    // (~8 ms at 2,500 groups). Bun.gc(true) after it, as this once did,
    // marks everything a second time for no further gain.
    collect: () => gcAndSweep(),
    liveBytes: () => heapSize(),
    now: () => performance.now(),
    defer: (fn) => setImmediate(fn),
    timer: (fn, ms) => {
      setTimeout(fn, ms).unref();
    },
  };
}

export class MemoryPacer {
  private debt = 0;
  private lastCollect = Number.NEGATIVE_INFINITY;
  private lastDuration = 0;
  private lastActivity = Number.NEGATIVE_INFINITY;
  private pending = false;
  private idleArmed = false;
  private budget: number;
  collections = 0;

  constructor(private readonly opts: MemoryPacerOptions) {
    this.budget = opts.budgetBytes;
  }

  /** Call after each handled request. */
  activity(): void {
    this.lastActivity = this.opts.now();
    if (!this.idleArmed) {
      this.idleArmed = true;
      this.opts.timer(() => this.onIdle(), this.opts.idleMs);
    }
    this.allocated(this.opts.requestBytes);
  }

  /** Reports garbage beyond a request's usual share, such as a scrape body. */
  allocated(bytes: number): void {
    this.debt += bytes;
    if (this.debt < this.budget) return;
    const now = this.opts.now();
    if (now - this.lastCollect >= this.lastDuration / this.opts.maxTimeShare) this.schedule();
  }

  // One timer at a time, re-armed for the rest of the quiet period: no timer per request.
  private onIdle(): void {
    const quiet = this.opts.now() - this.lastActivity;
    if (quiet < this.opts.idleMs) {
      this.opts.timer(() => this.onIdle(), this.opts.idleMs - quiet);
      return;
    }
    this.idleArmed = false;
    if (this.debt > 0) this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.opts.defer(() => {
      this.pending = false;
      const t0 = this.opts.now();
      this.debt = 0;
      this.opts.collect();
      this.collections++;
      this.budget = Math.max(this.opts.budgetBytes, this.opts.budgetRatio * this.opts.liveBytes());
      const now = this.opts.now();
      this.lastDuration = now - t0;
      this.lastCollect = now;
    });
  }
}
