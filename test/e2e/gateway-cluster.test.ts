// The gateway cluster end to end: dist/mon gateway replicas sharing one
// state through a real redis-server (and, for failover, a real replica and
// three redis-sentinel processes), all on loopback. Nothing here waits for a
// fixed time: every check polls until the replicas converge, with a deadline.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeMutation } from "../../src/gateway/store/mutation-codec.ts";
import {
  OPENSSL,
  REDIS_SERVER,
  type RedisUnderTest,
  clusterTestsMissing,
  closeRedisClients,
  eventually,
  selfSignedCertificate,
  startRedis,
  startReplica,
  startSentinel,
} from "../support/redis-servers.ts";
import { programMissing, skipWhenMissing } from "../support/requirements.ts";
import type { SpawnedServer } from "../support/server-port.ts";

const skip = skipWhenMissing("gateway cluster tests", clusterTestsMissing(true));

async function send(base: string, path: string, body: string | undefined, method = "PUT"): Promise<Response> {
  const res = await fetch(`${base}${path}`, { method, body });
  await res.clone().arrayBuffer();
  return res;
}

async function status(base: string, path: string, body?: string, method = "PUT"): Promise<number> {
  return (await send(base, path, body, method)).status;
}

async function scrape(g: SpawnedServer): Promise<string> {
  const res = await fetch(`${g.base}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

async function api(g: SpawnedServer): Promise<string> {
  return (await fetch(`${g.base}/api/v1/metrics`)).text();
}

/** Waits until every replica serves the same /metrics and /api/v1/metrics, and `check` accepts it. */
async function converged(replicas: SpawnedServer[], check: (text: string) => boolean = () => true): Promise<string> {
  const [text] = await eventually(
    async () => [await Promise.all(replicas.map(scrape)), await Promise.all(replicas.map(api))] as const,
    ([texts, apis]) => texts.every((t) => t === texts[0]) && apis.every((a) => a === apis[0]) && check(texts[0]),
    20_000,
    "replicas serving identical state",
  );
  return text[0];
}

/**
 * Waits until the replicas serve identical state holding every line of `acked`; then checks each
 * replica on its own, and on failure says per replica how many acknowledged pushes are missing.
 */
async function everyAcknowledgedOnEvery(reps: SpawnedServer[], acked: string[]): Promise<void> {
  try {
    await converged(reps, (t) => acked.every((line) => t.includes(line)));
  } catch (err) {
    const texts = await Promise.all(reps.map((g) => scrape(g).catch((e: Error) => `(scrape failed: ${e.message})`)));
    const report = await Promise.all(
      texts.map(async (t, r) => {
        const missing = acked.filter((line) => !t.includes(line));
        const self = await (await fetch(`${reps[r].base}/metrics/self`)).text().catch(() => "");
        const store = self.split("\n").filter((l) => l.startsWith("pushgateway_store_"));
        const log = (await reps[r].log()).split("\n").slice(process.env.MON_TEST_REDIS_DEBUG === "1" ? -150 : -15).join("\n  ");
        return `replica ${r}: ${missing.length} of ${acked.length} acknowledged pushes missing ${missing.slice(0, 5).join(" ").replaceAll("\n", "")}\n  ${store.join("\n  ")}\n  ${log}`;
      }),
    );
    throw new Error(`${(err as Error).message}\n${report.join("\n")}\nreplicas identical: ${texts.every((t) => t === texts[0])}`, { cause: err });
  }
  for (const g of reps) {
    const text = await scrape(g);
    expect(acked.filter((line) => !text.includes(line))).toEqual([]);
  }
}

const running: SpawnedServer[] = [];
async function replicas(n: number, args: string[], env?: Record<string, string>): Promise<SpawnedServer[]> {
  const started = await Promise.all(Array.from({ length: n }, () => startReplica(args, env)));
  running.push(...started);
  return started;
}

let redis: RedisUnderTest;
let prefixes = 0;
/** Flags for a replica of a fresh cluster on the shared Redis. */
function clusterArgs(extra: string[] = []): string[] {
  return [`--store.redis.url=${redis.url}`, `--store.redis.key-prefix=t${++prefixes}:`, ...extra];
}

describe.skipIf(skip)("gateway cluster", () => {
  beforeAll(async () => {
    redis = await startRedis();
    // Which server the run verified (REDIS_SERVER may point at Valkey or another Redis): one line in the output.
    const info = await redis.client().info("server");
    const version = (name: string) => new RegExp(`^${name}:(.*)$`, "m").exec(info)?.[1]?.trim();
    const valkey = version("valkey_version");
    console.info(`gateway cluster tests against ${REDIS_SERVER}: ${valkey === undefined ? `Redis ${version("redis_version")}` : `Valkey ${valkey}`}`);
  });
  afterAll(async () => {
    await Promise.all(running.map((g) => g.stop("SIGKILL")));
    closeRedisClients();
    await redis?.cleanup();
  });

  test("three replicas: pushes to any one are served identically by all, push times included", async () => {
    const reps = await replicas(3, clusterArgs());
    for (let i = 0; i < 30; i++) {
      expect(await status(reps[i % 3].base, `/metrics/job/j${i % 10}/instance/i`, `# TYPE m gauge\nm{x="${i}"} ${i}\n`)).toBe(200);
    }
    expect(await status(reps[1].base, "/metrics/job/j0/instance/i", undefined, "DELETE")).toBe(202);
    const text = await converged(reps, (t) => t.includes('m{instance="i",job="j9",x="29"} 29'));
    expect(text).not.toContain('job="j0"');
    expect(text).toMatch(/push_time_seconds\{instance="i",job="j5"\} \d/);
    // Pushed series only on /metrics; the replica's own metrics on /metrics/self.
    expect(text).not.toContain("pushgateway_");
    const self = await (await fetch(`${reps[2].base}/metrics/self`)).text();
    expect(self).toContain("pushgateway_store_redis_connected 1");
    expect(self).toContain("pushgateway_store_log_lag_seconds ");
    expect(self).not.toContain("job=\"j9\"");
  });

  test("conflicting pushes to different replicas: exactly one of each pair wins, all agree", async () => {
    const [a, b, c] = await replicas(3, clusterArgs());
    for (let k = 0; k < 20; k++) {
      const codes = await Promise.all([
        status(a.base, `/metrics/job/a${k}`, `# TYPE c${k} gauge\nc${k} 1\n`),
        status(b.base, `/metrics/job/b${k}`, `# TYPE c${k} counter\nc${k} 1\n`),
      ]);
      expect(codes.sort()).toEqual([200, 400]);
    }
    const text = await converged([a, b, c]);
    for (let k = 0; k < 20; k++) expect(text.match(new RegExp(`^# TYPE c${k} (gauge|counter)$`, "m"))).not.toBeNull();
  });

  test("a replica killed with -9 during pushes catches up; all replicas restarted lose nothing", async () => {
    const args = clusterArgs();
    const reps = await replicas(3, args);
    for (let i = 0; i < 120; i++) {
      if (i === 40) reps[2].proc.kill("SIGKILL");
      expect(await status(reps[i % 2].base, `/metrics/job/k${i % 25}`, `n{i="${i % 7}"} ${i}\n`)).toBe(200);
    }
    const [back] = await replicas(1, args);
    const before = await converged([reps[0], reps[1], back], (t) => t.includes('job="k19"'));
    await Promise.all([reps[0].stop(), reps[1].stop(), back.stop()]);
    const fresh = await replicas(3, args);
    expect(await converged(fresh)).toBe(before);
  }, 30_000);

  test("after 100,000 pushes a new replica starts from the snapshot and the log stays bounded", async () => {
    const args = clusterArgs(["--store.redis.snapshot-entries=1000"]);
    const prefix = args[1].slice("--store.redis.key-prefix=".length);
    const [first] = await replicas(1, args);
    const client = redis.client();
    // Pipelined straight into the log: the same entries a replica appends, without 100,000 HTTP round trips.
    for (let done = 0; done < 100_000; done += 5000) {
      const p = client.pipeline();
      for (let j = done; j < done + 5000; j++) {
        const m = encodeMutation({
          kind: "push",
          atMs: 0,
          key: { job: "bulk", instance: `i${j % 500}` },
          families: [{ name: "bulk_total", type: "counter", metrics: [{ labels: {}, value: j }] }],
          replace: true,
        });
        p.xadd(`${prefix}log`, "*", "m", Buffer.from(m));
      }
      await p.exec();
    }
    expect(await status(first.base, "/metrics/job/marker", "marker 1\n")).toBe(200);
    await eventually(() => client.xlen(`${prefix}log`), (n) => n <= 3000, 30_000, "log trimmed to a bound");
    const [late] = await replicas(1, args);
    const text = await converged([first, late], (t) => t.includes('bulk_total{instance="i499",job="bulk"} 99999'));
    expect(text).toContain("marker");
    expect(await late.log()).toMatch(/loaded the cluster snapshot" groups=\d{3} covers=\d+-\d+/);
    const self = await (await fetch(`${late.base}/metrics/self`)).text();
    expect(self).toMatch(/pushgateway_store_last_snapshot_timestamp_seconds \d\.\d+e\+09/);
    expect(await client.xlen(`${prefix}log`)).toBeLessThanOrEqual(3000);
  }, 60_000);

  test("Redis stopped: changes get 503 and /metrics still answers; Redis back with AOF: nothing acknowledged is lost", async () => {
    let own = await startRedis({ aof: true });
    try {
      const reps = await replicas(2, [`--store.redis.url=${own.url}`]);
      for (let i = 0; i < 40; i++) expect(await status(reps[i % 2].base, `/metrics/job/aof${i}`, `a ${i}\n`)).toBe(200);
      await own.kill("SIGKILL");
      const refused = await eventually(() => send(reps[0].base, "/metrics/job/down", "a 1\n"), (r) => r.status === 503, 10_000, "503 while Redis is down");
      expect(refused.headers.get("retry-after")).toBe("5");
      expect(await refused.text()).toContain("unreachable");
      expect(await status(reps[1].base, "/metrics/job/aof1", undefined, "DELETE")).toBe(503);
      expect(await scrape(reps[1])).toContain('a{instance="",job="aof39"} 39');
      own = await own.restart();
      await eventually(() => status(reps[1].base, "/metrics/job/back", "a 100\n"), (s) => s === 200, 20_000, "pushes accepted again");
      const text = await converged(reps, (t) => t.includes('job="back"'));
      for (let i = 0; i < 40; i++) expect(text).toContain(`a{instance="",job="aof${i}"} ${i}\n`);
      expect(text).not.toContain('job="down"');
    } finally {
      await own.cleanup();
    }
  }, 30_000);

  test("--push.ttl expiry goes through the log: every replica drops the same groups", async () => {
    const reps = await replicas(2, clusterArgs(["--push.ttl=1s"]));
    expect(await status(reps[0].base, "/metrics/job/short", "s 1\n")).toBe(200);
    await converged(reps, (t) => t.includes('job="short"'));
    const text = await converged(reps, (t) => !t.includes('job="short"'));
    expect(text).toBe("");
    const self = await (await fetch(`${reps[1].base}/metrics/self`)).text();
    expect(self).toContain("pushgateway_groups_expired_total 1\n");
  }, 30_000);

  test("rediss:// with a CA file, and the password from a file", async () => {
    if (skipWhenMissing("gateway cluster TLS test", programMissing(OPENSSL, "apt-get install openssl"))) return;
    const dir = mkdtempSync(join(tmpdir(), "mon-cluster-tls-"));
    const tls = selfSignedCertificate(dir);
    writeFileSync(join(dir, "password"), "s3cret\n");
    const own = await startRedis({ tls, password: "s3cret" });
    try {
      const args = [`--store.redis.url=${own.url}`, `--store.redis.tls.ca-file=${tls.certFile}`, `--store.redis.password-file=${join(dir, "password")}`];
      expect(own.url).toStartWith("rediss://");
      const reps = await replicas(2, args);
      expect(await status(reps[0].base, "/metrics/job/secure", "t 1\n")).toBe(200);
      await converged(reps, (t) => t.includes('t{instance="",job="secure"} 1'));
    } finally {
      await own.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  test("Sentinel and Redis with passwords: from a file flag and from the environment", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mon-cluster-auth-"));
    writeFileSync(join(dir, "password"), "redis-s3cret\n");
    writeFileSync(join(dir, "sentinel-password"), "sentinel-s3cret\n");
    const primary = await startRedis({ password: "redis-s3cret" });
    const replica = await startRedis({ replicaOf: primary.port, password: "redis-s3cret" });
    const sentinels = await Promise.all([0, 1, 2].map(() => startSentinel(primary.port, { redisPassword: "redis-s3cret", password: "sentinel-s3cret" })));
    try {
      await eventually(() => replica.client().info("replication"), (i) => i.includes("master_link_status:up"), 10_000, "replica in sync");
      const sentinelFlags = sentinels.map((s) => `--store.redis.sentinel.address=${s.address}`);
      // One replica reads both passwords from files, the other from the environment.
      const [fromFiles] = await replicas(1, [
        "--store.redis.url=redis://sentinel-discovered/0",
        ...sentinelFlags,
        `--store.redis.password-file=${join(dir, "password")}`,
        `--store.redis.sentinel.password-file=${join(dir, "sentinel-password")}`,
      ]);
      const [fromEnv] = await replicas(1, ["--store.redis.url=redis://sentinel-discovered/0", ...sentinelFlags], {
        MON_REDIS_PASSWORD: "redis-s3cret",
        MON_REDIS_SENTINEL_PASSWORD: "sentinel-s3cret",
      });
      expect(await status(fromFiles.base, "/metrics/job/auth", "a 1\n")).toBe(200);
      expect(await status(fromEnv.base, "/metrics/job/auth2", "a 2\n")).toBe(200);
      await converged([fromFiles, fromEnv], (t) => t.includes('job="auth"') && t.includes('job="auth2"'));
      // Neither password shows on the status API's flags.
      const status1 = await (await fetch(`${fromFiles.base}/api/v1/status`)).text();
      expect(status1).not.toContain("s3cret");
    } finally {
      await Promise.all([...sentinels.map((s) => s.cleanup()), replica.cleanup(), primary.cleanup()]);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test("Sentinel failover with --store.redis.wait-replicas=1: every acknowledged push survives", async () => {
    let primary = await startRedis();
    const replica = await startRedis({ replicaOf: primary.port });
    const sentinels = await Promise.all([0, 1, 2].map(() => startSentinel(primary.port)));
    try {
      const replicaClient = replica.client();
      await eventually(() => replicaClient.info("replication"), (i) => i.includes("master_link_status:up"), 10_000, "replica in sync");
      const args = [
        "--store.redis.url=redis://sentinel-discovered/0",
        ...sentinels.map((s) => `--store.redis.sentinel.address=${s.address}`),
        "--store.redis.wait-replicas=1",
      ];
      // MON_TEST_REDIS_DEBUG=1: the replicas log at debug level with ioredis's own debug output, shown on failure.
      const debug = process.env.MON_TEST_REDIS_DEBUG === "1";
      const gws = debug ? await replicas(2, [...args, "--log.level=debug"], { DEBUG: "ioredis:*" }) : await replicas(2, args);
      // Sentinels find each other through the primary (hello messages every 2 s). Killed before they
      // have, no majority can authorize a failover and none ever happens: wait until each knows the
      // other two and the replica.
      await eventually(
        () => Promise.all(sentinels.map((s) => s.primaryView())),
        (views) => views.every((v) => v["num-other-sentinels"] === "2" && v["num-slaves"] === "1"),
        20_000,
        "Sentinels aware of each other and of the replica",
      );
      const acked: number[] = [];
      let ackedAfterFailover = 0;
      const t0 = Date.now();
      let killedAt = 0;
      let restartedAt = 0;
      let lastRefusal = "";
      // Sentinel retries a failed election only after 2 x failover-timeout (20 s): on a busy machine
      // the failover itself may take that long, so it gets 90 s; afterwards pushes get 30 s to flow.
      const going = () => Date.now() < (restartedAt > 0 ? restartedAt + 30_000 : t0 + 90_000);
      for (let i = 0; going() && ackedAfterFailover < 10; i++) {
        const res = await send(gws[i % 2].base, `/metrics/job/fo${i}`, `f ${i}\n`).catch((err: Error) => err);
        if (!(res instanceof Error) && res.status === 200) {
          acked.push(i);
          if (restartedAt > 0) ackedAfterFailover++;
        } else {
          lastRefusal = res instanceof Error ? res.message : `${res.status} ${(await res.text()).trim()}`;
          // Refusals come at once during the failover: leave the CPU to the Sentinels meanwhile.
          await Bun.sleep(20);
        }
        if (killedAt === 0 && acked.length >= 30) {
          await primary.kill("SIGKILL");
          killedAt = Date.now();
        }
        if (killedAt > 0 && restartedAt === 0) {
          // Once the Sentinels have promoted the replica, the old primary comes back as its replica,
          // so that WAIT 1 can be met again.
          const info = await replicaClient.info("replication").catch(() => "");
          if (info.includes("role:master")) {
            primary = await primary.restart({ replicaOf: replica.port });
            restartedAt = Date.now();
          }
        }
      }
      const phases = `killed at ${killedAt - t0} ms, promoted and restarted at ${restartedAt - t0} ms, now ${Date.now() - t0} ms; ${acked.length} acknowledged, ${ackedAfterFailover} after the failover; last refusal: ${lastRefusal}`;
      if (killedAt === 0 || restartedAt === 0 || ackedAfterFailover === 0) throw new Error(`failover incomplete: ${phases}`);
      // A replica started now knows only what the new primary has: the acknowledged pushes must be there,
      // not merely in the memory of the replicas that applied them from the old primary.
      const late = await replicas(1, args);
      await everyAcknowledgedOnEvery([...gws, ...late], acked.map((i) => `f{instance="",job="fo${i}"} ${i}\n`));
    } finally {
      await Promise.all([...sentinels.map((s) => s.cleanup()), replica.cleanup(), primary.cleanup()]);
    }
  }, 180_000);
});
