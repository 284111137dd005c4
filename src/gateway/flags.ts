// The gateway's flag table: Pushgateway 1.11.3's flags with its defaults and
// HELP texts, plus mon's --push.ttl.

import { LOG_FLAGS, webFlags } from "../flags/common-flags.ts";
import { type FlagTable, type FlagValues, defineFlags } from "../flags/flag-table.ts";

export const GATEWAY_DESCRIPTION = "The Pushgateway (mon gateway: a drop-in for Prometheus Pushgateway 1.11.3)";

export const GATEWAY_FLAGS = defineFlags({
  ...webFlags(9091),
  telemetryPath: { name: "web.telemetry-path", kind: "string", default: "/metrics", help: "Path under which to expose metrics." },
  externalUrl: {
    name: "web.external-url",
    kind: "string",
    default: "",
    help: "The URL under which the Pushgateway is externally reachable.",
  },
  routePrefix: {
    name: "web.route-prefix",
    kind: "string",
    default: "",
    help: "Prefix for the internal routes of web endpoints. Defaults to the path of --web.external-url.",
  },
  enableLifecycle: { name: "web.enable-lifecycle", kind: "bool", help: "Enable shutdown via HTTP request." },
  enableAdminApi: { name: "web.enable-admin-api", kind: "bool", help: "Enable API endpoints for admin control actions." },
  persistenceFile: {
    name: "persistence.file",
    kind: "string",
    default: "",
    help: "File to persist metrics. If empty, metrics are only kept in memory.",
  },
  persistenceInterval: {
    name: "persistence.interval",
    kind: "duration",
    default: "5m",
    help: "How often the persistence log is fdatasynced. 0: every push is answered only once it is on disk.",
  },
  disableConsistencyCheck: {
    name: "push.disable-consistency-check",
    kind: "bool",
    help: "Do not check consistency of pushed metrics. DANGEROUS.",
  },
  enableUtf8Names: {
    name: "push.enable-utf8-names",
    kind: "bool",
    help: "Allow UTF-8 characters in metric and label names.",
  },
  maxBodyBytes: {
    name: "push.max-body-bytes",
    kind: "int",
    default: "67108864",
    help: "Largest push body accepted, in bytes after decompression (gzip, snappy); larger pushes get 413. 0 disables the limit.",
  },
  maxSeries: {
    name: "push.max-series",
    kind: "int",
    default: "100000",
    help: "Most series (sample lines as exposed) accepted in one push; larger pushes get 413. 0 disables the limit.",
  },
  pushTtl: {
    name: "push.ttl",
    kind: "duration",
    default: "0",
    help: "Drop a group when its last successful push is older than this (0 disables). For jobs that are gone for good, not for jobs that run rarely.",
  },
  redisUrl: {
    name: "store.redis.url",
    kind: "string",
    default: "",
    placeholder: "<url>",
    help: "Make this gateway a cluster replica: share one state with every gateway pointed at the same Redis or Valkey (redis://host:6379/0, rediss:// for TLS). Replaces --persistence.file. Empty: a single gateway.",
  },
  redisKeyPrefix: {
    name: "store.redis.key-prefix",
    kind: "string",
    default: "mon:gateway:",
    help: "Prefix of the cluster's Redis keys; clusters with different prefixes can share one Redis.",
  },
  redisPasswordFile: {
    name: "store.redis.password-file",
    kind: "string",
    default: "",
    placeholder: "<path>",
    help: "File holding the Redis password (else the MON_REDIS_PASSWORD environment variable, else the URL's).",
  },
  redisSentinelAddress: {
    name: "store.redis.sentinel.address",
    kind: "strings",
    placeholder: "<host:port>",
    help: "A Sentinel to discover the Redis primary from (repeatable); the URL's host is then not used.",
  },
  redisSentinelMasterName: {
    name: "store.redis.sentinel.master-name",
    kind: "string",
    default: "mymaster",
    help: "The primary's name as the Sentinels know it.",
  },
  redisSentinelPasswordFile: {
    name: "store.redis.sentinel.password-file",
    kind: "string",
    default: "",
    placeholder: "<path>",
    help: "File holding the Sentinels' password (else the MON_REDIS_SENTINEL_PASSWORD environment variable).",
  },
  redisTlsCaFile: {
    name: "store.redis.tls.ca-file",
    kind: "string",
    default: "",
    placeholder: "<path>",
    help: "CA certificates (PEM) to verify a rediss:// server with; empty uses the system's.",
  },
  redisWaitReplicas: {
    name: "store.redis.wait-replicas",
    kind: "int",
    default: "0",
    help: "Acknowledge a push only once this many Redis replicas have it (WAIT), so that a Sentinel failover cannot lose it.",
  },
  redisWaitTimeout: {
    name: "store.redis.wait-timeout",
    kind: "duration",
    default: "5s",
    help: "How long a push waits for --store.redis.wait-replicas Redis replicas to confirm it; then it gets 503 (it may or may not take effect).",
  },
  redisApplyTimeout: {
    name: "store.redis.apply-timeout",
    kind: "duration",
    default: "15s",
    help: "How long a push waits for this replica to apply it from the cluster log (to answer with its verdict); then it gets 503 (it takes effect).",
  },
  redisRetryAfter: {
    name: "store.redis.retry-after",
    kind: "duration",
    default: "5s",
    help: "The Retry-After (whole seconds) of the 503 a change gets while the cluster store cannot take it.",
  },
  redisSnapshotEntries: {
    name: "store.redis.snapshot-entries",
    kind: "int",
    default: "10000",
    help: "Write a snapshot of the state into Redis and trim the log once the log holds this many entries.",
  },
  ...LOG_FLAGS,
});

/** Go's time.Duration.String() for whole-millisecond durations given in seconds: "5m0s", "1h0m0s", "1.5s", "0s". */
export function goDurationString(seconds: number): string {
  if (seconds === 0) return "0s";
  const neg = seconds < 0;
  let ms = Math.round(Math.abs(seconds) * 1000);
  let out: string;
  if (ms < 1000) {
    out = `${ms}ms`;
  } else {
    const h = Math.floor(ms / 3_600_000);
    ms -= h * 3_600_000;
    const m = Math.floor(ms / 60_000);
    ms -= m * 60_000;
    const s = (ms / 1000).toString();
    out = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
  }
  return neg ? `-${out}` : out;
}

/** Flags as kingpin's Value.String() shows them, for the status API and page. */
export function flagStrings(table: FlagTable, flags: FlagValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of Object.values(table)) {
    const v = flags.get(s);
    out[s.name] = Array.isArray(v) ? `[${v.join(" ")}]` : s.kind === "duration" ? goDurationString(v as number) : String(v);
  }
  return out;
}

/**
 * Pushgateway's computeRoutePrefix: an empty prefix takes the path of the
 * external URL; "/" means none; otherwise it starts and does not end with "/".
 */
export function computeRoutePrefix(prefix: string, externalUrl: string): string {
  let p = prefix;
  if (p === "") p = externalUrlPath(externalUrl);
  if (p === "/") return "";
  if (!p.startsWith("/")) p = `/${p}`;
  return p.endsWith("/") ? p.slice(0, -1) : p;
}

function externalUrlPath(externalUrl: string): string {
  if (externalUrl === "") return "";
  try {
    return new URL(externalUrl).pathname;
  } catch {
    // Go's url.Parse accepts a bare path, too.
    return externalUrl.split(/[?#]/)[0];
  }
}
