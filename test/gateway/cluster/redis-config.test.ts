import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeRedis, redisOptions } from "../../../src/gateway/cluster/redis-config.ts";
import { compareStreamIds } from "../../../src/gateway/cluster/redis-log.ts";
import { redisStoreConfig } from "../../support/redis-store-config.ts";

const dir = mkdtempSync(join(tmpdir(), "mon-redis-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = redisStoreConfig({ sentinelMasterName: "mymaster" });

describe("redisOptions", () => {
  test("host, port, database and user from the URL; never an offline queue", () => {
    const o = redisOptions({ ...base, url: "redis://mon@[::1]:6380/3" }, {});
    expect([o.host, o.port, o.db, o.username, o.password, o.tls]).toEqual(["::1", 6380, 3, "mon", undefined, undefined]);
    expect(o.enableOfflineQueue).toBe(false);
    const d = redisOptions({ ...base, url: "redis://r" }, {});
    expect([d.host, d.port, d.db]).toEqual(["r", 6379, 0]);
  });

  test("the password: file first, then MON_REDIS_PASSWORD, then the URL", () => {
    const file = join(dir, "pw");
    writeFileSync(file, "from-file\n");
    const url = "redis://:from%20url@r:1/0";
    expect(redisOptions({ ...base, url, passwordFile: file }, { MON_REDIS_PASSWORD: "env" }).password).toBe("from-file");
    expect(redisOptions({ ...base, url }, { MON_REDIS_PASSWORD: "env" }).password).toBe("env");
    expect(redisOptions({ ...base, url }, {}).password).toBe("from url");
    expect(() => redisOptions({ ...base, passwordFile: join(dir, "missing") }, {})).toThrow(`--store.redis.password-file ${join(dir, "missing")}:`);
  });

  test("rediss:// turns TLS on, with a CA file when given", () => {
    expect(redisOptions({ ...base, url: "rediss://r:6380/0" }, {}).tls).toEqual({});
    const ca = join(dir, "ca.pem");
    writeFileSync(ca, "PEM");
    expect(redisOptions({ ...base, url: "rediss://r:6380/0", tlsCaFile: ca }, {}).tls).toEqual({ ca: "PEM" });
  });

  test("Sentinel: addresses, master name and the Sentinels' own password", () => {
    const o = redisOptions(
      { ...base, url: "rediss://ignored/2", sentinels: ["127.0.0.1:26379", "[::1]:26380"], sentinelMasterName: "gw" },
      { MON_REDIS_SENTINEL_PASSWORD: "s" },
    );
    expect(o.sentinels).toEqual([
      { host: "127.0.0.1", port: 26379 },
      { host: "::1", port: 26380 },
    ]);
    expect([o.name, o.sentinelPassword, o.db, o.enableTLSForSentinelMode, o.host]).toEqual(["gw", "s", 2, true, undefined]);
    expect(() => redisOptions({ ...base, sentinels: ["nohost"] }, {})).toThrow('--store.redis.sentinel.address "nohost" is not host:port');
  });

  test("bad URLs say what is wrong", () => {
    expect(() => redisOptions({ ...base, url: "http://r" }, {})).toThrow("must start with redis:// or rediss://, not http://");
    expect(() => redisOptions({ ...base, url: "redis://r/x" }, {})).toThrow('database "x" is not a number');
    expect(() => redisOptions({ ...base, url: "not a url" }, {})).toThrow("is not a URL");
  });

  test("descriptions never carry the password", () => {
    expect(describeRedis({ ...base, url: "redis://u:secret@r:1/0" })).toBe("redis://r:1/0");
    expect(describeRedis({ ...base, sentinels: ["a:1", "b:2"] })).toBe("Sentinel master mymaster via a:1,b:2");
  });
});

test("stream IDs compare by time, then sequence", () => {
  expect(compareStreamIds("2-0", "10-0")).toBeLessThan(0);
  expect(compareStreamIds("5-10", "5-9")).toBeGreaterThan(0);
  expect(compareStreamIds("5-1", "5-1")).toBe(0);
});
