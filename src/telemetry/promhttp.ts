// The promhttp_metric_handler_* metrics that client_golang's
// InstrumentMetricHandler adds to a /metrics endpoint. Like promhttp, a
// scrape counts itself only after it has been answered.

import type { FamilyBuilder } from "../metrics/family-builder.ts";
import { metricDesc } from "../metrics/metric-desc.ts";

const PROMHTTP_METRIC_HANDLER_ERRORS_TOTAL = metricDesc(
  "promhttp_metric_handler_errors_total",
  "counter",
  "Total number of internal errors encountered by the promhttp metric handler.",
  ["cause"],
);
const PROMHTTP_METRIC_HANDLER_REQUESTS_IN_FLIGHT = metricDesc(
  "promhttp_metric_handler_requests_in_flight",
  "gauge",
  "Current number of scrapes being served.",
);
const PROMHTTP_METRIC_HANDLER_REQUESTS_TOTAL = metricDesc(
  "promhttp_metric_handler_requests_total",
  "counter",
  "Total number of scrapes by HTTP status code.",
  ["code"],
);

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
        out.add(PROMHTTP_METRIC_HANDLER_ERRORS_TOTAL, n, { cause });
      }
    }
    out.add(PROMHTTP_METRIC_HANDLER_REQUESTS_IN_FLIGHT, this.inFlight);
    for (const [code, n] of this.byCode) {
      out.add(PROMHTTP_METRIC_HANDLER_REQUESTS_TOTAL, n, {
        code,
      });
    }
  }
}
