// The gateway's own metrics, named and described as Pushgateway 1.10.0's:
// build info, request counts per handler, push size and duration summaries,
// process_* and promhttp_*; plus mon's expiry counter when --push.ttl is on.

import { FamilyBuilder } from "../metrics/family-builder.ts";
import { metricDesc } from "../metrics/metric-desc.ts";
import { collectProcessMetrics } from "../telemetry/process-metrics.ts";
import { MetricHandlerStats } from "../telemetry/promhttp.ts";
import { collectBuildInfo } from "../telemetry/build-info.ts";
import { SlidingSummary } from "./sliding-summary.ts";
import type { StoreHealth } from "./cluster/redis-log.ts";
import type { PersistenceHealth } from "./persistence.ts";
import type { ReservedFamily } from "./store/consistency.ts";

const REQUESTS = metricDesc(
  "pushgateway_http_requests_total",
  "counter",
  "Total HTTP requests processed by the Pushgateway, excluding scrapes.",
  ["code", "handler", "method"],
);
const PUSH_SIZE = metricDesc("pushgateway_http_push_size_bytes", "summary", "HTTP request size for pushes to the Pushgateway.", ["method"]);
const PUSH_DURATION = metricDesc(
  "pushgateway_http_push_duration_seconds",
  "summary",
  "HTTP request duration for pushes to the Pushgateway.",
  ["method"],
);
const OBJECTIVES = [0.1, 0.5, 0.9];
const GROUPS_EXPIRED = metricDesc(
  "pushgateway_groups_expired_total",
  "counter",
  "Groups dropped because their last successful push was older than --push.ttl. Meant for jobs that are gone for good (ephemeral CI jobs, decommissioned hosts); a job that merely runs rarely would lose its last result between runs.",
);

const PERSISTENCE_LAST_SUCCESS = metricDesc(
  "pushgateway_persistence_last_success_timestamp_seconds",
  "gauge",
  "Last Unix time the persistence files were known to hold the store (a write made durable, or a clean load at start); 0 if never.",
);
const PERSISTENCE_FAILURES = metricDesc(
  "pushgateway_persistence_failures_total",
  "counter",
  "Writes of the persistence files (log appends, fdatasyncs, snapshots) that failed since start (full disk, missing or read-only folder).",
);
const PERSISTENCE_FILE_BYTES = metricDesc(
  "pushgateway_persistence_file_bytes",
  "gauge",
  "Size of the persistence snapshot plus its append-only logs on disk.",
);

const STORE_REDIS_CONNECTED = metricDesc(
  "pushgateway_store_redis_connected",
  "gauge",
  "Whether this replica is connected to the cluster store (Redis), 1 or 0. While 0, pushes, deletes and wipes get 503.",
);
const STORE_LOG_LAG = metricDesc(
  "pushgateway_store_log_lag_seconds",
  "gauge",
  "Seconds since this replica last had applied the whole cluster log; 0 while it is caught up.",
);
const STORE_LOG_APPLIED = metricDesc(
  "pushgateway_store_log_applied_timestamp_seconds",
  "gauge",
  "Unix time (ms precision) of the newest cluster log entry this replica has applied: its position in the log; 0 before any.",
);
const STORE_LAST_SNAPSHOT = metricDesc(
  "pushgateway_store_last_snapshot_timestamp_seconds",
  "gauge",
  "Unix time of the newest snapshot of the cluster store (written by any replica); 0 if none yet.",
);

/** promhttp's sanitizeMethod: lower-case known methods, everything else "unknown". */
function methodLabel(method: string): string {
  const m = method.toUpperCase();
  return ["GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE"].includes(m)
    ? m.toLowerCase()
    : "unknown";
}

export interface TelemetryOptions {
  /** Whether --push.ttl is on (the expiry counter is only exposed then). */
  ttlEnabled: boolean;
  /** Reads the store's expiry count at scrape time. */
  expiredTotal?: () => number;
  /** Whether --persistence.file is set (the persistence health metrics are only exposed then). */
  persistenceEnabled?: boolean;
  /** Reads the persister's health at scrape time. */
  persistence?: () => PersistenceHealth | undefined;
  /** Reads the cluster store's health at scrape time; set on cluster replicas only. */
  clusterStore?: () => StoreHealth;
  procfs?: string;
}

export class GatewayTelemetry {
  readonly scrapes = new MetricHandlerStats();
  private readonly requests = new Map<string, { handler: string; code: string; method: string; n: number }>();
  private readonly pushSize = new Map<string, SlidingSummary>();
  private readonly pushDuration = new Map<string, SlidingSummary>();

  constructor(private readonly opts: TelemetryOptions) {}

  countRequest(handler: string, code: number, method: string): void {
    const m = methodLabel(method);
    const key = `${handler}\u0000${code}\u0000${m}`;
    const entry = this.requests.get(key);
    if (entry) entry.n++;
    else this.requests.set(key, { handler, code: String(code), method: m, n: 1 });
  }

  observePush(method: string, seconds: number, sizeBytes: number): void {
    const m = methodLabel(method);
    let size = this.pushSize.get(m);
    if (!size) this.pushSize.set(m, (size = new SlidingSummary(OBJECTIVES)));
    let duration = this.pushDuration.get(m);
    if (!duration) this.pushDuration.set(m, (duration = new SlidingSummary(OBJECTIVES)));
    size.observe(sizeBytes);
    duration.observe(seconds);
  }

  collect(out: FamilyBuilder): void {
    collectBuildInfo(out, "pushgateway");
    for (const r of this.requests.values()) {
      out.add(REQUESTS, r.n, { code: r.code, handler: r.handler, method: r.method });
    }
    for (const [method, s] of this.pushDuration) out.addSummary(PUSH_DURATION, s.snapshot(), { method });
    for (const [method, s] of this.pushSize) out.addSummary(PUSH_SIZE, s.snapshot(), { method });
    if (this.opts.ttlEnabled) out.add(GROUPS_EXPIRED, this.opts.expiredTotal?.() ?? 0);
    if (this.opts.persistenceEnabled) {
      const h = this.opts.persistence?.() ?? { lastSuccessMs: 0, failures: 0, fileBytes: 0 };
      out.add(PERSISTENCE_LAST_SUCCESS, h.lastSuccessMs / 1000);
      out.add(PERSISTENCE_FAILURES, h.failures);
      out.add(PERSISTENCE_FILE_BYTES, h.fileBytes);
    }
    if (this.opts.clusterStore) {
      const h = this.opts.clusterStore();
      out.add(STORE_REDIS_CONNECTED, h.connected ? 1 : 0);
      out.add(STORE_LOG_LAG, h.lagSeconds);
      out.add(STORE_LOG_APPLIED, h.appliedEntryMs / 1000);
      out.add(STORE_LAST_SNAPSHOT, h.lastSnapshotMs / 1000);
    }
    collectProcessMetrics(out, { procfs: this.opts.procfs, network: true });
    this.scrapes.collect(out);
  }

  /**
   * Every family the gateway exposes itself, including the ones that have no
   * series yet: a push must agree with their types and never collide with
   * their _count/_sum names, or a later scrape would be inconsistent.
   */
  reservedFamilies(): Map<string, ReservedFamily> {
    const out = new FamilyBuilder();
    this.collect(out);
    const reserved = new Map<string, ReservedFamily>();
    for (const f of out.build()) reserved.set(f.name, { type: f.type, help: f.help ?? "" });
    // Exposed once the first request or push is counted.
    for (const d of [REQUESTS, PUSH_SIZE, PUSH_DURATION]) reserved.set(d.name, { type: d.type, help: d.help });
    return reserved;
  }
}
