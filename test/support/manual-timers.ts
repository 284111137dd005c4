// Timers a test fires by hand, so code with timeouts is tested without
// waiting on the wall clock.

import type { Timers } from "../../src/exporter/kernel/statfs-pool.ts";

export class ManualTimers implements Timers {
  private pending = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;

  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers still pending. */
  get delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }

  /** Runs every pending timer with a delay of at most ms. */
  fire(ms = Number.POSITIVE_INFINITY): number {
    let n = 0;
    for (const [id, t] of [...this.pending]) {
      if (t.ms > ms) continue;
      this.pending.delete(id);
      t.fn();
      n++;
    }
    return n;
  }
}
