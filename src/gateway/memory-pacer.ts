// Keeps the gateway's resident memory near what its data needs. Pushes and
// scrapes make short-lived garbage quickly; JavaScriptCore collects it, but
// the freed heap stays resident until a full collection lets the allocator
// give pages back. Left alone, a busy gateway holding a few MiB of series
// sits at two to three times that much memory. The pacer watches RSS after
// requests and runs a full collection when it has grown more than a set
// headroom above the level the last collection left; a collection takes tens
// of milliseconds with thousands of groups, so they are spaced to take at
// most 5% of a busy gateway's time. One more runs when activity stops, so an
// idle gateway shrinks back.

import { gcAndSweep } from "bun:jsc";

export interface MemoryPacerOptions {
  /** Growth of RSS above the post-collection level that triggers a collection. */
  headroomBytes: number;
  /** Fewest milliseconds between two collections. */
  minIntervalMs: number;
  /** A collection runs this long after the last activity, if there was any since the last one. */
  idleMs: number;
  /** RSS is read at most this often (reading it costs a system call). */
  checkEveryMs: number;
  rss: () => number;
  collect: () => void;
  now: () => number;
  /** Runs fn soon, after the current response has gone out. */
  defer: (fn: () => void) => void;
  /** An unref'd one-shot timer. */
  timer: (fn: () => void, ms: number) => void;
}

/** Collections may take at most this share of the time while the gateway is busy. */
const MAX_CPU_PERCENT = 5;

export const DEFAULT_PACING = { headroomBytes: 16 * 2 ** 20, minIntervalMs: 250, idleMs: 1000, checkEveryMs: 20 };

export function systemPacerOptions(): MemoryPacerOptions {
  return {
    ...DEFAULT_PACING,
    rss: () => process.memoryUsage.rss(),
    // Mark and sweep at once, then let the allocator return the freed pages:
    // Bun.gc alone leaves the sweep (and so the memory) for later.
    collect: () => {
      gcAndSweep();
      Bun.gc(true);
    },
    now: () => performance.now(),
    defer: (fn) => setImmediate(fn),
    timer: (fn, ms) => {
      setTimeout(fn, ms).unref();
    },
  };
}

export class MemoryPacer {
  private lastCollect = Number.NEGATIVE_INFINITY;
  private lastCheck = Number.NEGATIVE_INFINITY;
  /** RSS the last collection left behind. */
  private floor: number | undefined;
  private lastActivity = Number.NEGATIVE_INFINITY;
  private dirty = false;
  private pending = false;
  private idleArmed = false;
  private lastDuration = 0;
  collections = 0;

  constructor(private readonly opts: MemoryPacerOptions) {}

  /** Call after each request that allocated (pushes, deletes, scrapes). */
  activity(): void {
    const now = this.opts.now();
    this.dirty = true;
    this.lastActivity = now;
    if (!this.idleArmed) {
      this.idleArmed = true;
      this.opts.timer(() => this.onIdle(), this.opts.idleMs);
    }
    if (now - this.lastCheck < this.opts.checkEveryMs) return;
    this.lastCheck = now;
    const rss = this.opts.rss();
    // Until the first collection, the level at the first request.
    if (this.floor === undefined) {
      this.floor = rss;
      return;
    }
    const interval = Math.max(this.opts.minIntervalMs, this.lastDuration * (100 / MAX_CPU_PERCENT));
    if (rss - this.floor > this.opts.headroomBytes && now - this.lastCollect >= interval) this.schedule();
  }

  // One timer at a time, re-armed for the rest of the quiet period: no timer per request.
  private onIdle(): void {
    const quiet = this.opts.now() - this.lastActivity;
    if (quiet < this.opts.idleMs) {
      this.opts.timer(() => this.onIdle(), this.opts.idleMs - quiet);
      return;
    }
    this.idleArmed = false;
    if (this.dirty) this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.opts.defer(() => {
      this.pending = false;
      const t0 = this.opts.now();
      this.opts.collect();
      this.collections++;
      this.dirty = false;
      const now = this.opts.now();
      this.lastDuration = now - t0;
      this.lastCollect = now;
      this.floor = this.opts.rss();
    });
  }
}
