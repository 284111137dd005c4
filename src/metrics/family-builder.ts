// Collects samples into families by name, the way a client_golang registry
// does for const metrics. Both modes build their own metrics with it.

import type { Histogram, Labels, MetricFamily, MetricType, Summary } from "./types.ts";

export class FamilyBuilder {
  private readonly families = new Map<string, MetricFamily>();

  private family(name: string, type: MetricType, help: string): MetricFamily {
    let f = this.families.get(name);
    if (!f) {
      f = { name, help, type, metrics: [] };
      this.families.set(name, f);
    }
    return f;
  }

  gauge(name: string, help: string, value: number, labels: Labels = {}): void {
    this.family(name, "gauge", help).metrics.push({ labels, value });
  }

  counter(name: string, help: string, value: number, labels: Labels = {}): void {
    this.family(name, "counter", help).metrics.push({ labels, value });
  }

  untyped(name: string, help: string, value: number, labels: Labels = {}): void {
    this.family(name, "untyped", help).metrics.push({ labels, value });
  }

  /** A value of the given type; for collectors whose type comes from data. */
  sample(name: string, type: "gauge" | "counter" | "untyped", help: string, value: number, labels: Labels = {}): void {
    this.family(name, type, help).metrics.push({ labels, value });
  }

  summary(name: string, help: string, summary: Summary, labels: Labels = {}): void {
    this.family(name, "summary", help).metrics.push({ labels, summary });
  }

  histogram(name: string, help: string, histogram: Histogram, labels: Labels = {}): void {
    this.family(name, "histogram", help).metrics.push({ labels, histogram });
  }

  /** Adds a whole family (e.g. parsed from a textfile); merges into an existing one of the same name. */
  addFamily(f: MetricFamily): void {
    const existing = this.families.get(f.name);
    if (existing) existing.metrics.push(...f.metrics);
    else this.families.set(f.name, { ...f, metrics: [...f.metrics] });
  }

  get size(): number {
    return this.families.size;
  }

  build(): MetricFamily[] {
    return [...this.families.values()];
  }
}
