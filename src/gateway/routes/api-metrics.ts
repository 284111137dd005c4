// GET <prefix>/api/v1/metrics: every group with its families, numbers as
// strings, in the shape of Pushgateway's API.

import type { Context } from "hono";
import { formatFloat } from "../../go/format-float.ts";
import type { Metric, MetricFamily } from "../../metrics/types.ts";
import type { Group } from "../store/group.ts";
import type { GatewayStore } from "../store/state.ts";
import { apiSuccess, rfc3339 } from "./api-cors.ts";

export interface ApiMetricsRouteDeps {
  store: GatewayStore;
}

const TYPE_NAMES = { counter: "COUNTER", gauge: "GAUGE", untyped: "UNTYPED", summary: "SUMMARY", histogram: "HISTOGRAM" };

// Go's fmt.Sprint of a uint64 count; a float count (native histograms) as a float.
function count(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < 2 ** 64 ? BigInt(n).toString() : formatFloat(n);
}

function encodeMetric(m: Metric, type: MetricFamily["type"]): Record<string, unknown> {
  const out: Record<string, unknown> = { labels: { ...m.labels } };
  if (type === "summary") {
    const s = m.summary ?? { sampleCount: 0, sampleSum: 0, quantiles: [] };
    out.quantiles = Object.fromEntries(s.quantiles.map((q) => [formatFloat(q.quantile), formatFloat(q.value)]));
    out.count = count(s.sampleCount);
    out.sum = formatFloat(s.sampleSum);
  } else if (type === "histogram") {
    const h = m.histogram ?? { sampleCount: 0, sampleSum: 0, buckets: [] };
    out.sum = formatFloat(h.sampleSum);
    out.buckets = Object.fromEntries(h.buckets.map((b) => [formatFloat(b.upperBound), count(b.cumulativeCount)]));
    out.count = count(h.native?.sampleCountFloat && h.native.sampleCountFloat > 0 ? h.native.sampleCountFloat : h.sampleCount);
  } else {
    out.value = formatFloat(m.value ?? 0);
  }
  return out;
}

export function encodeGroup(g: Group): Record<string, unknown> {
  const out: Record<string, unknown> = {
    labels: { ...g.labels },
    last_push_successful: g.pushFailureTimeMs <= g.pushTimeMs,
  };
  for (const [name, stored] of g.families) {
    const f = stored.toFamily();
    const entry: Record<string, unknown> = { time_stamp: rfc3339(stored.timestampMs), type: TYPE_NAMES[f.type] };
    if (f.help) entry.help = f.help;
    entry.metrics = f.metrics.map((m) => encodeMetric(m, f.type));
    out[name] = entry;
  }
  return out;
}

export function apiMetricsRoute(deps: ApiMetricsRouteDeps): (c: Context) => Response {
  return () => apiSuccess(deps.store.groups().map(encodeGroup));
}
