// RedisLog against a real redis-server and redis-sentinel: how it recovers
// when ioredis gives up on one of its connections.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Redis from "ioredis";
import { type RedisStoreConfig, redisOptions } from "../../../src/gateway/cluster/redis-config.ts";
import { MINIMUM_REDIS_VERSION, RedisLog, compareVersions, describeServer, serverProblem } from "../../../src/gateway/cluster/redis-log.ts";
import { LogUnavailableError } from "../../../src/gateway/store/mutation-log.ts";
import { GatewayStore } from "../../../src/gateway/store/state.ts";
import { recordingLogger } from "../../support/recording-logger.ts";
import { redisStoreConfig } from "../../support/redis-store-config.ts";
import {
  type RedisUnderTest,
  type SentinelUnderTest,
  clusterTestsMissing,
  closeRedisClients,
  eventually,
  startRedis,
  startSentinel,
} from "../../support/redis-servers.ts";
import { skipWhenMissing } from "../../support/requirements.ts";

const skip = skipWhenMissing("RedisLog with a real Redis and Sentinel", clusterTestsMissing(true));

/** A RedisLog on a real server; `clients` collects the ioredis clients it makes (commands first, then the tail). */
function redisLog(
  where: Partial<RedisStoreConfig>,
  clients: Redis[] = [],
  extra: { minimumRedisVersion?: string; logger?: ReturnType<typeof recordingLogger> } = {},
): RedisLog {
  const config = redisStoreConfig({ url: "", keyPrefix: "test:", ...where });
  const options = redisOptions(config, {});
  return new RedisLog({
    store: new GatewayStore(),
    connect: () => {
      const c = new Redis(options);
      clients.push(c);
      return c;
    },
    keyPrefix: config.keyPrefix,
    waitReplicas: config.waitReplicas,
    waitTimeoutMs: config.waitTimeoutMs,
    applyTimeoutMs: config.applyTimeoutMs,
    retryAfterSeconds: config.retryAfterSeconds,
    snapshotEntries: config.snapshotEntries,
    describe: "test",
    logger: extra.logger ?? recordingLogger(),
    minimumRedisVersion: extra.minimumRedisVersion,
  });
}

describe("the cluster store's version", () => {
  const info = (lines: string[]) => ["# Server", ...lines, ""].join("\r\n");
  test.each([
    ["Redis 7.0.15", info(["redis_version:7.0.15", "redis_mode:standalone"]), undefined],
    ["Redis 6.2.0, the first with XTRIM MINID", info(["redis_version:6.2.0"]), undefined],
    ["Redis 6.0.16", info(["redis_version:6.0.16"]), "the cluster store runs Redis 6.0.16; mon needs Redis 6.2.0 or later, or Valkey 7.2 or later (it trims the cluster log with XTRIM MINID)"],
    ["Redis 5.0.3", info(["redis_version:5.0.3"]), "the cluster store runs Redis 5.0.3; mon needs Redis 6.2.0 or later, or Valkey 7.2 or later (it trims the cluster log with XTRIM MINID)"],
    ["Valkey 8.0.1", info(["redis_version:7.2.4", "server_name:valkey", "valkey_version:8.0.1"]), undefined],
    ["a server that does not give its version", info(["redis_mode:standalone"]), undefined],
  ])("%s", (_name, text, problem) => {
    expect(serverProblem(text)).toBe(problem);
  });

  test("names Valkey by its own version", () => {
    expect(describeServer(info(["redis_version:7.2.4", "server_name:valkey", "valkey_version:8.0.1"])).text).toBe("Valkey 8.0.1 (redis_version 7.2.4)");
  });

  test("compares versions part by part, not as text", () => {
    expect(compareVersions("6.10.0", "6.2.0")).toBeGreaterThan(0);
    expect(compareVersions("6.2", "6.2.0")).toBe(0);
    expect(compareVersions("10.0.0", "9.9.9")).toBeGreaterThan(0);
    expect(compareVersions("6.0.16", MINIMUM_REDIS_VERSION)).toBeLessThan(0);
  });
});

describe.skipIf(skip)("RedisLog reconnection", () => {
  let primary: RedisUnderTest;
  let sentinel: SentinelUnderTest;
  beforeAll(async () => {
    primary = await startRedis();
    sentinel = await startSentinel(primary.port);
  });
  afterAll(async () => {
    closeRedisClients();
    await sentinel?.cleanup();
    await primary?.cleanup();
  });

  test("a tail whose Sentinel lookup was cancelled mid-reconnect (ioredis status 'end') reconnects and follows the log again", async () => {
    const clients: Redis[] = [];
    const log = redisLog({ url: "redis://sentinel-discovered/0", sentinels: [sentinel.address], sentinelMasterName: "mymaster", keyPrefix: "reconnect:" }, clients);
    log.start();
    try {
      await eventually(async () => log.ready && log.connected, (ok) => ok, 20_000, "log ready");
      expect((await log.submit({ kind: "wipe", atMs: Date.now() })).ok).toBe(true);

      // The second client is the tail (RedisLog connects commands first). What ioredis's failover
      // detector does when +switch-master arrives while this client is asking a Sentinel where the
      // primary is: connector.disconnect(). Done here on the reconnection's "connecting" event,
      // which comes before the Sentinel's answer can; ioredis then rejects that connect() and sets
      // the client to "end", from which it never reconnects by itself.
      const tail = clients[1];
      let ended = false;
      tail.once("end", () => {
        ended = true;
      });
      tail.once("connecting", () => (tail as unknown as { connector: { disconnect(): void } }).connector.disconnect());
      // Ends the tail's connection from the server's side, as a dead primary would.
      const localPort = (tail as unknown as { stream: { localPort: number } }).stream.localPort;
      expect(await primary.client().client("KILL", "ADDR", `127.0.0.1:${localPort}`)).toBe(1);

      await eventually(async () => ended, (e) => e, 10_000, "the tail ended by the cancelled lookup");
      await eventually(async () => log.connected, (ok) => ok, 10_000, "the tail connected again");
      // Applied by the tail: the verdict only comes back through it.
      expect((await log.submit({ kind: "wipe", atMs: Date.now() })).ok).toBe(true);
    } finally {
      await log.stop();
    }
  }, 60_000);

  test("a server older than the log needs is refused loudly: not ready, pushes get 503, the log is never touched", async () => {
    const logger = recordingLogger();
    // A real server made too old by raising the minimum above its version.
    const log = redisLog({ url: `redis://127.0.0.1:${primary.port}/0`, keyPrefix: "too-old:" }, [], { minimumRedisVersion: "99.0.0", logger });
    log.start();
    try {
      const refusal = await eventually(async () => logger.lines.find((l) => l.level === "error"), (l) => l !== undefined, 20_000, "the refusal logged");
      expect(refusal?.msg).toMatch(/^the cluster store runs Redis \d+\.\d+\.\d+; mon needs Redis 99\.0\.0 or later, .*not ready until it is upgraded$/);
      expect(log.connected).toBe(true);
      expect(log.ready).toBe(false);
      const push = log.submit({ kind: "wipe", atMs: Date.now() });
      await expect(push).rejects.toBeInstanceOf(LogUnavailableError);
      await expect(push).rejects.toThrow(/needs Redis 99\.0\.0 or later.*; nothing was changed$/);
      expect(await primary.client().exists("too-old:log", "too-old:snapshot")).toBe(0);
      // Logged once, not on every look.
      await Bun.sleep(1500);
      expect(logger.lines.filter((l) => l.level === "error")).toHaveLength(1);
    } finally {
      await log.stop();
    }
  }, 60_000);
});
