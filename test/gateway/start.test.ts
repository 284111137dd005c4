import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFlags } from "../../src/flags/flag-table.ts";
import { GATEWAY_FLAGS, computeRoutePrefix, goDurationString } from "../../src/gateway/flags.ts";
import { readLog } from "../../src/gateway/persistence-log.ts";
import { configFromFlags, launchGateway } from "../../src/gateway/start.ts";
import { silentLogger } from "../../src/telemetry/logger.ts";
import { recordingLogger } from "../support/recording-logger.ts";

const dir = mkdtempSync(join(tmpdir(), "mon-gw-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("flags", () => {
  test("defaults are Pushgateway's, shown as kingpin shows them", () => {
    const config = configFromFlags(parseFlags(GATEWAY_FLAGS, []).flags);
    expect(config.listenAddresses).toEqual([":9091"]);
    expect(config.telemetryPath).toBe("/metrics");
    expect(config.persistenceIntervalMs).toBe(300_000);
    expect(config.ttlMs).toBe(0);
    expect(config.utf8Names).toBe(false);
    expect(config.pushLimits).toEqual({ maxBodyBytes: 64 * 1024 * 1024, maxSeries: 100_000 });
    expect(config.flags).toEqual({
      "web.systemd-socket": "false",
      "web.listen-address": "[:9091]",
      "web.config.file": "",
      "web.telemetry-path": "/metrics",
      "web.external-url": "",
      "web.route-prefix": "",
      "web.enable-lifecycle": "false",
      "web.enable-admin-api": "false",
      "persistence.file": "",
      "persistence.interval": "5m0s",
      "push.disable-consistency-check": "false",
      "push.enable-utf8-names": "false",
      "push.max-body-bytes": "67108864",
      "push.max-series": "100000",
      "push.ttl": "0s",
      "log.level": "info",
      "log.format": "logfmt",
    });
  });

  test("repeated listen addresses and --push.ttl", () => {
    const config = configFromFlags(
      parseFlags(GATEWAY_FLAGS, ["--web.listen-address=:1", "--web.listen-address", ":2", "--push.ttl=1h30m"]).flags,
    );
    expect(config.listenAddresses).toEqual([":1", ":2"]);
    expect(config.ttlMs).toBe(5_400_000);
    expect(config.flags["web.listen-address"]).toBe("[:1 :2]");
    expect(config.flags["push.ttl"]).toBe("1h30m0s");
  });

  const durations: [number, string][] = [[0, "0s"], [0.5, "500ms"], [1.5, "1.5s"], [60, "1m0s"], [300, "5m0s"], [3600, "1h0m0s"], [86400, "24h0m0s"]];
  for (const [s, want] of durations) test(`goDurationString(${s})`, () => expect(goDurationString(s)).toBe(want));

  const prefixes: [string, string, string][] = [
    ["", "", ""],
    ["/", "http://x/ext", ""],
    ["", "http://x/ext/", "/ext"],
    ["", "http://x", ""],
    ["pg", "", "/pg"],
    ["/pg/", "http://x/ext", "/pg"],
  ];
  for (const [prefix, url, want] of prefixes) {
    test(`computeRoutePrefix(${JSON.stringify(prefix)}, ${JSON.stringify(url)})`, () => expect(computeRoutePrefix(prefix, url)).toBe(want));
  }
});

describe("launchGateway", () => {
  test("serves on loopback, quits via the lifecycle API, persists on shutdown, reloads", async () => {
    const file = join(dir, "pg.db");
    const config = configFromFlags(
      parseFlags(GATEWAY_FLAGS, [
        "--web.listen-address=127.0.0.1:0",
        "--web.enable-lifecycle",
        `--persistence.file=${file}`,
        "--persistence.interval=1h",
      ]).flags,
    );
    const gw = await launchGateway(config, silentLogger);
    const base = `http://${gw.addresses[0]}`;
    expect((await fetch(`${base}/metrics/job/s`, { method: "PUT", body: "s 1\n" })).status).toBe(200);
    expect((await fetch(`${base}/-/quit`, { method: "PUT" })).status).toBe(200);
    await gw.quitRequested;
    expect(await gw.shutdown()).toBe(true);
    const again = await launchGateway(config, silentLogger);
    try {
      expect(await (await fetch(`http://${again.addresses[0]}/metrics`)).text()).toContain('s{instance="",job="s"} 1');
    } finally {
      await again.shutdown();
    }
  });

  test("--push.enable-utf8-names reaches the URL, the parser and the store", async () => {
    const config = configFromFlags(parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0", "--push.enable-utf8-names"]).flags);
    expect(config.utf8Names).toBe(true);
    expect(config.flags["push.enable-utf8-names"]).toBe("true");
    const gw = await launchGateway(config, silentLogger);
    try {
      const base = `http://${gw.addresses[0]}`;
      expect((await fetch(`${base}/metrics/job/s/U__a_2e_b/1`, { method: "PUT", body: '{"c.d"} 1\n' })).status).toBe(200);
      const text = await (await fetch(`${base}/metrics`, { headers: { Accept: "text/plain; escaping=allow-utf-8" } })).text();
      expect(text).toContain('{"c.d","a.b"="1",instance="",job="s"} 1');
    } finally {
      await gw.shutdown();
    }
  });

  test("--persistence.file with --store.redis.url is refused at start, saying why", async () => {
    const config = configFromFlags(
      parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0", `--persistence.file=${join(dir, "x.db")}`, "--store.redis.url=redis://127.0.0.1:1/0"]).flags,
    );
    await expect(launchGateway(config, silentLogger)).rejects.toThrow("--persistence.file cannot be used with --store.redis.url");
  });

  test("a replica whose Redis is unreachable serves, is not ready, and answers changes with 503", async () => {
    const config = configFromFlags(
      parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0", "--store.redis.url=redis://user:hunter2@127.0.0.1:1/0"]).flags,
    );
    expect(config.flags["store.redis.url"]).toBe("redis://user:<secret>@127.0.0.1:1/0");
    const gw = await launchGateway(config, silentLogger);
    try {
      const base = `http://${gw.addresses[0]}`;
      expect((await fetch(`${base}/-/healthy`)).status).toBe(200);
      expect((await fetch(`${base}/-/ready`)).status).toBe(503);
      const push = await fetch(`${base}/metrics/job/j`, { method: "PUT", body: "m 1\n" });
      expect(push.status).toBe(503);
      expect(push.headers.get("retry-after")).toBe("5");
      expect(await push.text()).toContain("the cluster store (redis://127.0.0.1:1/0) is unreachable");
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
      expect(await (await fetch(`${base}/metrics/self`)).text()).toContain("pushgateway_store_redis_connected 0\n");
    } finally {
      await gw.shutdown();
    }
  });

  test("--store.redis.retry-after sets the 503's Retry-After; the cluster timeouts must be above zero", async () => {
    const flags = (extra: string) => parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0", "--store.redis.url=redis://127.0.0.1:1/0", extra]).flags;
    const config = configFromFlags(flags("--store.redis.retry-after=1500ms"));
    expect(config.redis?.retryAfterSeconds).toBe(2);
    const gw = await launchGateway(config, silentLogger);
    try {
      const push = await fetch(`http://${gw.addresses[0]}/metrics/job/j`, { method: "PUT", body: "m 1\n" });
      expect(push.status).toBe(503);
      expect(push.headers.get("retry-after")).toBe("2");
    } finally {
      await gw.shutdown();
    }
    expect(configFromFlags(flags("--store.redis.wait-timeout=30s")).redis?.waitTimeoutMs).toBe(30_000);
    expect(configFromFlags(flags("--store.redis.apply-timeout=1m")).redis?.applyTimeoutMs).toBe(60_000);
    expect(() => configFromFlags(flags("--store.redis.wait-timeout=0s"))).toThrow("--store.redis.wait-timeout must be longer than 0s");
  });

  test("a persistence path that is a directory is refused before listening, and left alone", async () => {
    const state = join(dir, "state-dir");
    mkdirSync(state);
    writeFileSync(join(state, "keep"), "x");
    const config = configFromFlags(parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0", `--persistence.file=${state}`]).flags);
    await expect(launchGateway(config, silentLogger)).rejects.toThrow(`persistence file ${state}: is a directory`);
    expect(readdirSync(state)).toEqual(["keep"]);
    expect(readdirSync(dir).filter((n) => n.startsWith("state-dir"))).toEqual(["state-dir"]);
  });

  test("persistence health is on /metrics when a file is set", async () => {
    const file = join(dir, "health.db");
    const config = configFromFlags(
      parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0", `--persistence.file=${file}`, "--persistence.interval=0"]).flags,
    );
    const gw = await launchGateway(config, silentLogger);
    try {
      const base = `http://${gw.addresses[0]}`;
      expect((await fetch(`${base}/metrics/job/h`, { method: "PUT", body: "h 1\n" })).status).toBe(200);
      // Acknowledged means on disk: the log holds the push now; snapshot plus log are counted.
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain(`pushgateway_persistence_file_bytes ${(statSafe(file) ?? 0) + readLog(readFileSync(`${file}.log-1`)).validEnd}\n`);
      expect(text).toContain("# TYPE pushgateway_persistence_last_success_timestamp_seconds gauge");
      expect(text).toContain("pushgateway_persistence_failures_total 0\n");
      const pushing = await fetch(`${base}/metrics/job/x`, {
        method: "PUT",
        body: "# TYPE pushgateway_persistence_failures_total gauge\npushgateway_persistence_failures_total 1\n",
      });
      expect(pushing.status).toBe(400);
    } finally {
      await gw.shutdown();
    }
    const memoryOnly = await launchGateway(configFromFlags(parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0"]).flags), silentLogger);
    try {
      expect(await (await fetch(`http://${memoryOnly.addresses[0]}/metrics`)).text()).not.toContain("pushgateway_persistence_");
    } finally {
      await memoryOnly.shutdown();
    }
  });

  test("a refused push is logged at warn with the client's address, method, group and reason; TTL expiry names the groups", async () => {
    const log = recordingLogger();
    let now = Date.now();
    const config = configFromFlags(parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0", "--push.ttl=1h"]).flags);
    const gw = await launchGateway(config, log, { now: () => now });
    try {
      const base = `http://${gw.addresses[0]}`;
      expect((await fetch(`${base}/metrics/job/bad/instance/h1`, { method: "POST", body: "x{" })).status).toBe(400);
      expect((await fetch(`${base}/metrics/job/old`, { method: "PUT", body: "x 1\n" })).status).toBe(200);
      expect((await fetch(`${base}/metrics/job/typed`, { method: "PUT", body: "# TYPE x gauge\nx 1\n" })).status).toBe(400);
      const warned = log.lines.filter((l) => l.level === "warn");
      expect(warned.length).toBe(2);
      expect(warned[0].fields).toMatchObject({ method: "POST", group: 'job="bad",instance="h1"', status: 400 });
      expect(String(warned[0].fields?.source)).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(String(warned[0].fields?.err)).toStartWith("text format parsing error in line 1");
      expect(warned[1].msg).toBe("pushed metrics are invalid or inconsistent with existing metrics");
      expect(warned[1].fields).toMatchObject({ method: "PUT", group: 'job="typed"' });
      now += 2 * 3_600_000;
      await (await fetch(`${base}/metrics`)).text();
      const expired = log.lines.find((l) => l.msg.startsWith("groups dropped"));
      expect(expired?.fields).toMatchObject({ ttl: "1h0m0s", count: 2 });
      expect(String(expired?.fields?.groups)).toContain('{job="old"}');
    } finally {
      await gw.shutdown();
    }
  });

  test("an address in use is an error naming it", async () => {
    const config = configFromFlags(parseFlags(GATEWAY_FLAGS, ["--web.listen-address=127.0.0.1:0"]).flags);
    const gw = await launchGateway(config, silentLogger);
    try {
      const taken = configFromFlags(parseFlags(GATEWAY_FLAGS, [`--web.listen-address=${gw.addresses[0]}`]).flags);
      await expect(launchGateway(taken, silentLogger)).rejects.toThrow(`cannot listen on ${gw.addresses[0]}`);
    } finally {
      await gw.shutdown();
    }
  });
});

function statSafe(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}
