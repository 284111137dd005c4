// A gateway as a cluster replica: its store follows the shared Redis log
// (redis-log.ts), its mutations go to that log, and its --push.ttl expiry is
// proposed to the log too, so that every replica drops the same groups at the
// same point of the log.

import Redis from "ioredis";
import type { Logger } from "../../telemetry/logger.ts";
import type { GatewayStore } from "../store/state.ts";
import { type RedisStoreConfig, describeRedis, redisOptions } from "./redis-config.ts";
import { RedisLog, type StoreHealth } from "./redis-log.ts";

export interface Replica {
  log: RedisLog;
  ready(): boolean;
  health(): StoreHealth;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  config: RedisStoreConfig;
  store: GatewayStore;
  ttlMs: number;
  /** How often to look for groups past the TTL. */
  ttlSweepMs: number;
  logger: Logger;
}

/** Starts following the log; returns at once (the replica is not ready until it has caught up). */
export function startReplica(opts: ReplicaOptions): Replica {
  const options = redisOptions(opts.config);
  const log = new RedisLog({
    store: opts.store,
    connect: () => new Redis(options),
    keyPrefix: opts.config.keyPrefix,
    waitReplicas: opts.config.waitReplicas,
    waitTimeoutMs: opts.config.waitTimeoutMs,
    applyTimeoutMs: opts.config.applyTimeoutMs,
    retryAfterSeconds: opts.config.retryAfterSeconds,
    snapshotEntries: opts.config.snapshotEntries,
    describe: describeRedis(opts.config),
    logger: opts.logger,
  });
  log.start();
  let ttlTimer: ReturnType<typeof setInterval> | undefined;
  if (opts.ttlMs > 0) {
    ttlTimer = setInterval(() => {
      // Only an expiry that would drop something is worth an entry; the entry's own time decides.
      if (!log.ready || !opts.store.hasExpiredAt(Date.now())) return;
      log.submit({ kind: "expire", atMs: Date.now() }).catch((err: Error) => {
        opts.logger.debug("could not log an expiry", { err: err.message });
      });
    }, opts.ttlSweepMs);
    ttlTimer.unref?.();
  }
  return {
    log,
    ready: () => log.ready,
    health: () => log.health(),
    stop: async () => {
      if (ttlTimer) clearInterval(ttlTimer);
      await log.stop();
    },
  };
}
