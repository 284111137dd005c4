// The promhttp_metric_handler_* metrics that client_golang's
// InstrumentMetricHandler adds to a /metrics endpoint. Like promhttp, a
// scrape counts itself only after it has been answered.

import type { FamilyBuilder } from "../metrics/family-builder.ts";

export class MetricHandlerStats {
  private inFlight = 0;
  private readonly byCode = new Map<string, number>([
    ["200", 0],
    ["500", 0],
    ["503", 0],
  ]);
  private readonly errors = new Map<string, number>([
    ["encoding", 0],
    ["gathering", 0],
  ]);

  begin(): void {
    this.inFlight++;
  }

  end(code: number): void {
    this.inFlight--;
    const key = String(code);
    this.byCode.set(key, (this.byCode.get(key) ?? 0) + 1);
  }

  error(cause: "encoding" | "gathering"): void {
    this.errors.set(cause, (this.errors.get(cause) ?? 0) + 1);
  }

  collect(out: FamilyBuilder, opts: { errors?: boolean } = {}): void {
    if (opts.errors !== false) {
      for (const [cause, n] of this.errors) {
        out.counter(
          "promhttp_metric_handler_errors_total",
          "Total number of internal errors encountered by the promhttp metric handler.",
          n,
          { cause },
        );
      }
    }
    out.gauge("promhttp_metric_handler_requests_in_flight", "Current number of scrapes being served.", this.inFlight);
    for (const [code, n] of this.byCode) {
      out.counter("promhttp_metric_handler_requests_total", "Total number of scrapes by HTTP status code.", n, {
        code,
      });
    }
  }
}
