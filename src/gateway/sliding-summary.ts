// A summary metric like client_golang's: total count and sum forever,
// quantiles over the observations of the last 10 minutes (its default
// MaxAge). Quantiles here are exact over a bounded sample of that window
// instead of client_golang's streaming estimate; the objectives' error
// margins (1-5%) are wider than the difference.

import type { Summary } from "../metrics/types.ts";

const MAX_AGE_MS = 10 * 60 * 1000;
const MAX_SAMPLES = 2048;

export class SlidingSummary {
  private count = 0;
  private sum = 0;
  private times: number[] = [];
  private values: number[] = [];

  constructor(
    private readonly quantiles: readonly number[],
    private readonly now: () => number = Date.now,
  ) {}

  observe(v: number): void {
    this.count++;
    this.sum += v;
    this.times.push(this.now());
    this.values.push(v);
    if (this.values.length > MAX_SAMPLES) {
      this.times = this.times.slice(-MAX_SAMPLES / 2);
      this.values = this.values.slice(-MAX_SAMPLES / 2);
    }
  }

  snapshot(): Summary {
    const cutoff = this.now() - MAX_AGE_MS;
    let first = 0;
    while (first < this.times.length && this.times[first] < cutoff) first++;
    if (first > 0) {
      this.times = this.times.slice(first);
      this.values = this.values.slice(first);
    }
    const sorted = [...this.values].sort((a, b) => a - b);
    return {
      sampleCount: this.count,
      sampleSum: this.sum,
      quantiles: this.quantiles.map((q) => ({
        quantile: q,
        value: sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))],
      })),
    };
  }
}
