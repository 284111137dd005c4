// How a cluster replica reaches Redis (or Valkey): the --store.redis.* flags
// turned into ioredis options. Secrets come from a file or the environment so
// that they need not appear in `ps` output or unit files.
//
// ioredis rather than Bun's built-in client: Bun's has no Sentinel support
// and needs Redis >= 7.2, while Rocky 9 ships Redis 6.2 and operators fail
// over with Sentinel. ioredis speaks Sentinel (with failover detection), TLS
// and RESP2 to Redis >= 6.2 and Valkey.

import { readFileSync } from "node:fs";
import type { RedisOptions } from "ioredis";

export const PASSWORD_ENV = "MON_REDIS_PASSWORD";
export const SENTINEL_PASSWORD_ENV = "MON_REDIS_SENTINEL_PASSWORD";

export interface RedisStoreConfig {
  /** redis://[user[:password]@]host[:port][/db] or rediss:// for TLS. */
  url: string;
  keyPrefix: string;
  /** host:port of each Sentinel; empty: connect to the URL's host directly. */
  sentinels: string[];
  sentinelMasterName: string;
  passwordFile: string;
  sentinelPasswordFile: string;
  /** PEM CA bundle for rediss:// servers with a private CA; "" uses the system's. */
  tlsCaFile: string;
  /** Redis replicas that must have a write before a push is acknowledged (WAIT). */
  waitReplicas: number;
  /** How long WAIT waits for waitReplicas. */
  waitTimeoutMs: number;
  /** How long a request waits for its entry to come back applied. */
  applyTimeoutMs: number;
  /** Retry-After of a 503, seconds. */
  retryAfterSeconds: number;
  /** Snapshot and trim once the log holds this many entries. */
  snapshotEntries: number;
}

export class RedisConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RedisConfigError";
  }
}

function readSecret(file: string, flag: string): string {
  try {
    // A trailing newline is how editors and `echo` leave a secret file.
    return readFileSync(file, "utf8").replace(/\r?\n$/, "");
  } catch (err) {
    throw new RedisConfigError(`--${flag} ${file}: ${(err as Error).message}`, { cause: err });
  }
}

function hostPort(text: string, what: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  if (!m) throw new RedisConfigError(`${what} ${JSON.stringify(text)} is not host:port`);
  return { host: m[1] ?? m[2], port: Number(m[3]) };
}

/** The ioredis options for one connection; the caller makes as many connections as it needs from them. */
export function redisOptions(config: RedisStoreConfig, env: Record<string, string | undefined> = process.env): RedisOptions {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch (err) {
    throw new RedisConfigError(`--store.redis.url ${JSON.stringify(config.url)} is not a URL`, { cause: err });
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new RedisConfigError(`--store.redis.url must start with redis:// or rediss://, not ${url.protocol}//`);
  }
  const tls = url.protocol === "rediss:";
  const dbText = url.pathname.replace(/^\//, "");
  if (dbText !== "" && !/^\d+$/.test(dbText)) {
    throw new RedisConfigError(`--store.redis.url: database ${JSON.stringify(dbText)} is not a number`);
  }
  const password =
    config.passwordFile !== ""
      ? readSecret(config.passwordFile, "store.redis.password-file")
      : (env[PASSWORD_ENV] ?? (url.password === "" ? undefined : decodeURIComponent(url.password)));
  const options: RedisOptions = {
    db: dbText === "" ? 0 : Number(dbText),
    username: url.username === "" ? undefined : decodeURIComponent(url.username),
    password,
    connectTimeout: 5000,
    keepAlive: 10_000,
    // A mutation must either reach the log now or be refused with 503: never queued while Redis is away.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    // Concurrent pushes' XADDs leave in one write per event-loop turn instead of one each.
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    // A failed-over primary that came back as a replica refuses writes: reconnect to find the new primary.
    reconnectOnError: (err) => (err.message.startsWith("READONLY") ? 2 : false),
  };
  if (tls) {
    options.tls = config.tlsCaFile === "" ? {} : { ca: readSecret(config.tlsCaFile, "store.redis.tls.ca-file") };
  }
  if (config.sentinels.length === 0) {
    options.host = url.hostname.replace(/^\[|\]$/g, "");
    options.port = url.port === "" ? 6379 : Number(url.port);
    return options;
  }
  options.sentinels = config.sentinels.map((s) => hostPort(s, "--store.redis.sentinel.address"));
  options.name = config.sentinelMasterName;
  options.sentinelPassword =
    config.sentinelPasswordFile !== ""
      ? readSecret(config.sentinelPasswordFile, "store.redis.sentinel.password-file")
      : env[SENTINEL_PASSWORD_ENV];
  options.enableTLSForSentinelMode = tls;
  options.failoverDetector = true;
  options.sentinelRetryStrategy = (attempt) => Math.min(100 * attempt, 2000);
  return options;
}

/** Where the store lives, for messages: never the password. */
export function describeRedis(config: RedisStoreConfig): string {
  if (config.sentinels.length > 0) return `Sentinel master ${config.sentinelMasterName} via ${config.sentinels.join(",")}`;
  try {
    const url = new URL(config.url);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return "Redis";
  }
}
