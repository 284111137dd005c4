// Gateway cluster benchmark: three dist/mon gateway replicas and one
// redis-server on this machine, 2,000 groups stored, PUT of 6 series
// rotating over 500 groups through all three replicas. Prints the aggregate
// pushes/s, and the time from one replica's 200 to the same push being
// visible on another replica (p50, p99) under a paced load of 1,000
// pushes/s; beside them the single node's rate under the same load (and a
// baseline binary's, with MON_BASELINE_BINARY=path). Not a test.
//
// Visibility is taken from the other replica's position in the log
// (pushgateway_store_log_applied_timestamp_seconds on its /metrics/self, a
// cheap read) rather than from scraping its 2,000 groups, which takes longer
// than the lag being measured: see visibility().

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type Redis from "ioredis";
import { decodeMutation } from "../src/gateway/store/mutation-codec.ts";
import { clusterTestsMissing, startRedis } from "../test/support/redis-servers.ts";
import { ROTATE, prefillGroups, push, pushRate } from "./gateway.ts";
import { LOOPBACK_ANY, cpuSeconds, median, startAndWait } from "./process-stats.ts";

const MON = resolve(import.meta.dir, "../dist/mon");
const PREFILL = 2000;
const CLIENTS_PER_REPLICA = 4;
const PACED_RATE = 1000;
const MAX_IN_FLIGHT = 64;
/** Every this many probes, a full scrape of B checks that the probe's value is served. */
const CONFIRM_EVERY = 10;

type Proc = ReturnType<typeof Bun.spawn>;

async function startGateways(binary: string, n: number, args: string[]): Promise<{ procs: Proc[]; bases: string[] }> {
  const started = await Promise.all(
    Array.from({ length: n }, () => startAndWait([binary, "gateway", `--web.listen-address=${LOOPBACK_ANY}`, ...args], "/-/ready")),
  );
  // /-/ready answers 503 until a replica has caught up; startAndWait only waits for an answer.
  for (const s of started) {
    for (let i = 0; (await fetch(`${s.base}/-/ready`)).status !== 200; i++) {
      if (i > 500) throw new Error("replica not ready");
      await Bun.sleep(20);
    }
  }
  return { procs: started.map((s) => s.proc), bases: started.map((s) => s.base) };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** The log key of a cluster with the default --store.redis.key-prefix. */
const LOG_KEY = "mon:gateway:log";

/** The time part (ms) of the log entry holding probe value v, looked up among the newest entries. */
async function probeEntryMs(redis: Redis, v: number): Promise<number> {
  for (;;) {
    const entries = (await redis.xrevrangeBuffer(LOG_KEY, "+", "-", "COUNT", 500)) as [Buffer, Buffer[]][];
    for (const [id, fields] of entries) {
      const m = decodeMutation(fields[fields.findIndex((f) => f.toString() === "m") + 1]);
      if (m.kind === "push" && m.key.job === "probe" && m.families[0]?.metrics[0]?.value === v) return Number(id.toString().split("-")[0]);
    }
    await Bun.sleep(1);
  }
}

/** The other replica's position in the log (ms part of the last applied entry's ID), from its own metrics. */
async function appliedMs(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics/self`)).text();
  const m = /^pushgateway_store_log_applied_timestamp_seconds (\S+)$/m.exec(text);
  if (!m) throw new Error("/metrics/self has no pushgateway_store_log_applied_timestamp_seconds");
  return Math.round(Number(m[1]) * 1000);
}

/**
 * Visibility lag under a paced background load of PACED_RATE pushes/s
 * (offered, not saturating): from replica A's 200 for a probe push to the
 * start of the first poll of replica B's /metrics/self that shows B has
 * applied an entry appended after the probe's millisecond (the log is
 * applied in order, so B has applied the probe). This overstates the lag by
 * the gap to the next entry (about 1 ms at 1,000 pushes/s) and by up to one
 * poll, and never understates it. Every CONFIRM_EVERY probes a /metrics
 * scrape of B confirms the probe's value (untimed: a full scrape of 2,000
 * groups takes tens of ms).
 */
async function visibility(
  bases: string[],
  redis: Redis,
  seconds: number,
): Promise<{ lags: number[]; polls: number[]; confirmed: number; checked: number; rate: number }> {
  let stop = false;
  let paced = 0;
  const t0 = performance.now();
  // Open loop: each push leaves at its due time whether or not earlier ones have been answered
  // (up to MAX_IN_FLIGHT), so a slow answer does not lower the offered rate.
  const inFlight = new Set<Promise<void>>();
  const load = (async () => {
    for (let i = 0; !stop; i++) {
      const wait = t0 + (i * 1000) / PACED_RATE - performance.now();
      if (wait > 0) await Bun.sleep(wait);
      if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      const p = push(bases[i % bases.length], `bench/instance/b${i % ROTATE}`, i).then(() => {
        paced++;
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  })();
  const lags: number[] = [];
  const polls: number[] = [];
  let confirmed = 0;
  let checked = 0;
  const end = performance.now() + seconds * 1000;
  for (let v = 1; performance.now() < end; v++) {
    const from = bases[v % bases.length];
    const to = bases[(v + 1) % bases.length];
    const res = await fetch(`${from}/metrics/job/probe`, { method: "PUT", body: `bench_probe ${v}\n` });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`probe push answered ${res.status}`);
    const acked = performance.now();
    // Poll B at once, and find the probe's entry in Redis meanwhile.
    const samples: [number, number][] = [];
    const entryMs = probeEntryMs(redis, v);
    let known: number | undefined;
    void entryMs.then((ms) => {
      known = ms;
    });
    for (;;) {
      const started = performance.now();
      const at = await appliedMs(to);
      polls.push(performance.now() - started);
      samples.push([started, at]);
      if (known !== undefined && at > known) break;
    }
    const probeMs = await entryMs;
    const [seen] = samples.find(([, at]) => at > probeMs) as [number, number];
    lags.push(Math.max(0, seen - acked));
    if (v % CONFIRM_EVERY === 0) {
      checked++;
      if ((await (await fetch(`${to}/metrics`)).text()).includes(`bench_probe{instance="",job="probe"} ${v}\n`)) confirmed++;
    }
  }
  stop = true;
  await load;
  return { lags, polls, confirmed, checked, rate: paced / ((performance.now() - t0) / 1000) };
}

/** The machine is shared: figures go with the 1, 5 and 15 minute load averages. */
async function loadAverage(): Promise<string> {
  return (await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" ");
}

async function singleNodeRate(binary: string, seconds: number): Promise<number> {
  const { procs, bases } = await startGateways(binary, 1, []);
  try {
    await prefillGroups(bases, PREFILL, 8);
    return await pushRate(bases, CLIENTS_PER_REPLICA, seconds);
  } finally {
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.exited));
  }
}

export async function benchCluster(opts: { seconds: number }): Promise<void> {
  if (!existsSync(MON)) throw new Error("dist/mon not built: run npm run build");
  const missing = clusterTestsMissing();
  if (missing) throw new Error(`cluster benchmark needs ${missing}`);
  const loadBefore = await loadAverage();
  const redis = await startRedis();
  let aggregate: number;
  let aggregateMoreClients: number;
  let vis: Awaited<ReturnType<typeof visibility>>;
  let cpuPerPush: { replicas: number; redis: number };
  try {
    const { procs, bases } = await startGateways(MON, 3, [`--store.redis.url=${redis.url}`]);
    try {
      await prefillGroups(bases, PREFILL, 8);
      const cpu = () => [procs.reduce((n, p) => n + cpuSeconds(p.pid), 0), cpuSeconds(redis.proc.pid)];
      const [replicasBefore, redisBefore] = cpu();
      const pushesBefore = performance.now();
      aggregate = await pushRate(bases, CLIENTS_PER_REPLICA * bases.length, opts.seconds);
      const pushes = (aggregate * (performance.now() - pushesBefore)) / 1000;
      const [replicasAfter, redisAfter] = cpu();
      cpuPerPush = { replicas: ((replicasAfter - replicasBefore) * 1000) / pushes, redis: ((redisAfter - redisBefore) * 1000) / pushes };
      // A pusher waits for its replica to apply its entry, so few clients measure latency more than capacity.
      aggregateMoreClients = await pushRate(bases, 2 * CLIENTS_PER_REPLICA * bases.length, opts.seconds);
      const client = redis.client();
      try {
        vis = await visibility(bases, client, opts.seconds);
      } finally {
        client.disconnect();
      }
    } finally {
      for (const p of procs) p.kill();
      await Promise.all(procs.map((p) => p.exited));
    }
  } finally {
    await redis.cleanup();
  }
  // With a baseline, alternate the two binaries over three rounds and take medians: a busy machine drifts.
  const baselineBinary = process.env.MON_BASELINE_BINARY;
  const singles: number[] = [];
  const baselines: number[] = [];
  for (let round = 0; round < (baselineBinary ? 3 : 1); round++) {
    singles.push(await singleNodeRate(MON, opts.seconds));
    if (baselineBinary) baselines.push(await singleNodeRate(baselineBinary, opts.seconds));
  }
  const single = median(singles);
  const baseline = baselineBinary ? median(baselines) : undefined;

  const rows: [string, string, string][] = [
    ["aggregate pushes/s, 3 replicas + Redis", aggregate.toFixed(0), ">= 5000"],
    [`aggregate pushes/s with ${2 * CLIENTS_PER_REPLICA} clients per replica`, aggregateMoreClients.toFixed(0), ""],
    [`visibility lag p50 at ${vis.rate.toFixed(0)} pushes/s (ms)`, percentile(vis.lags, 50).toFixed(1), ""],
    [`visibility lag p99 at ${vis.rate.toFixed(0)} pushes/s (ms)`, percentile(vis.lags, 99).toFixed(1), "<= 50"],
    ["probes whose value B's /metrics then served", `${vis.confirmed} of ${vis.checked} checked`, ""],
    ["median poll of B's /metrics/self while probing (ms)", median(vis.polls).toFixed(2), ""],
    ["CPU ms per push, 3 replicas together", cpuPerPush.replicas.toFixed(3), ""],
    ["CPU ms per push, redis-server", cpuPerPush.redis.toFixed(3), ""],
    [`single node pushes/s (this build${baselineBinary ? ", median of 3" : ""})`, single.toFixed(0), ""],
  ];
  if (baseline !== undefined) {
    rows.push([`single node pushes/s (${baselineBinary}, median of 3)`, baseline.toFixed(0), ""]);
    rows.push(["single node, this build / baseline", `${((single / baseline) * 100).toFixed(0)}%`, ">= 90%"]);
  }
  const load = await loadAverage();
  console.log(
    `\ngateway cluster (load average ${loadBefore} at the start, ${load} at the end): ${PREFILL} groups stored, PUT 6 series rotating over ${ROTATE} groups, ${CLIENTS_PER_REPLICA} clients per gateway, ${opts.seconds} s per run`,
  );
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [what, value, target] of rows) console.log(`${what.padEnd(w0)}  ${value.padStart(w1)}  ${target ? `target ${target}` : ""}`);
}
