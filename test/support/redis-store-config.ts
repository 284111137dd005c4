import type { RedisStoreConfig } from "../../src/gateway/cluster/redis-config.ts";

/** A complete RedisStoreConfig with the gateway's default timings; tests override what they exercise. */
export function redisStoreConfig(over: Partial<RedisStoreConfig> = {}): RedisStoreConfig {
  return {
    url: "redis://127.0.0.1:6379/0",
    keyPrefix: "mon:gateway:",
    sentinels: [],
    sentinelMasterName: "",
    passwordFile: "",
    sentinelPasswordFile: "",
    tlsCaFile: "",
    waitReplicas: 0,
    waitTimeoutMs: 5000,
    applyTimeoutMs: 15_000,
    retryAfterSeconds: 5,
    snapshotEntries: 10_000,
    ...over,
  };
}
