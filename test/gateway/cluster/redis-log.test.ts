// RedisLog against a real redis-server and redis-sentinel: how it recovers
// when ioredis gives up on one of its connections.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Redis from "ioredis";
import { type RedisStoreConfig, redisOptions } from "../../../src/gateway/cluster/redis-config.ts";
import { RedisLog } from "../../../src/gateway/cluster/redis-log.ts";
import { GatewayStore } from "../../../src/gateway/store/state.ts";
import { recordingLogger } from "../../support/recording-logger.ts";
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
    const config: RedisStoreConfig = {
      url: "redis://sentinel-discovered/0",
      keyPrefix: "reconnect:",
      sentinels: [sentinel.address],
      sentinelMasterName: "mymaster",
      passwordFile: "",
      sentinelPasswordFile: "",
      tlsCaFile: "",
      waitReplicas: 0,
      waitTimeoutMs: 5000,
      applyTimeoutMs: 15_000,
      retryAfterSeconds: 5,
      snapshotEntries: 10_000,
    };
    const options = redisOptions(config, {});
    const clients: Redis[] = [];
    const log = new RedisLog({
      store: new GatewayStore(),
      connect: () => {
        const c = new Redis(options);
        clients.push(c);
        return c;
      },
      keyPrefix: config.keyPrefix,
      waitReplicas: 0,
      waitTimeoutMs: config.waitTimeoutMs,
      applyTimeoutMs: config.applyTimeoutMs,
      retryAfterSeconds: config.retryAfterSeconds,
      snapshotEntries: config.snapshotEntries,
      describe: "test",
      logger: recordingLogger(),
    });
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
});
