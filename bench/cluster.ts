// Gateway cluster benchmark: three dist/mon gateway replicas and one
// redis-server on this machine, 2,000 groups stored, PUT of 6 series
// rotating over 500 groups through all three replicas. Prints the aggregate
// pushes/s, and the time from one replica's 200 to the same push being
// visible on another replica (p50, p99) under a paced load of 1,000
// pushes/s; beside them the single node's rate under the same load (and a
// baseline binary's, with MON_BASELINE_BINARY=path). Not a test.
//
// Visibility is observed from outside: the other replica's /metrics is
// scraped in a loop until it shows the probe's value; the lag is taken at
// the start of that scrape (the replica reads its state then), so it is
// overstated by up to the gap between two scrape starts.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { clusterTestsMissing, startRedis } from "../test/support/redis-servers.ts";
import { ROTATE, prefillGroups, push, pushRate } from "./gateway.ts";
import { LOOPBACK_ANY, cpuSeconds, median, startAndWait } from "./process-stats.ts";

const MON = resolve(import.meta.dir, "../dist/mon");
const PREFILL = 2000;
const CLIENTS_PER_REPLICA = 4;
const PACED_RATE = 1000;

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

/** Visibility lag under a paced background load of PACED_RATE pushes/s. */
async function visibility(bases: string[], seconds: number): Promise<{ lags: number[]; scrapes: number[]; firstTry: number; rate: number }> {
  let stop = false;
  let paced = 0;
  const t0 = performance.now();
  const load = Promise.all(
    bases.map(async (base, r) => {
      const interval = (1000 * bases.length) / PACED_RATE;
      for (let i = 0; !stop; i++) {
        const due = t0 + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await Bun.sleep(wait);
        await push(base, `bench/instance/b${(i * bases.length + r) % ROTATE}`, i);
        paced++;
      }
    }),
  );
  const lags: number[] = [];
  const scrapes: number[] = [];
  let firstTry = 0;
  const end = performance.now() + seconds * 1000;
  for (let v = 1; performance.now() < end; v++) {
    const from = bases[v % bases.length];
    const to = bases[(v + 1) % bases.length];
    const res = await fetch(`${from}/metrics/job/probe`, { method: "PUT", body: `bench_probe ${v}\n` });
    await res.arrayBuffer();
    const acked = performance.now();
    const want = `bench_probe{instance="",job="probe"} ${v}\n`;
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      if ((await (await fetch(`${to}/metrics`)).text()).includes(want)) {
        // The replica reads its state when the scrape starts: the push was visible by then.
        lags.push(Math.max(0, started - acked));
        if (attempt === 0) firstTry++;
        scrapes.push(performance.now() - started);
        break;
      }
    }
  }
  stop = true;
  await load;
  return { lags, scrapes, firstTry, rate: paced / ((performance.now() - t0) / 1000) };
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
  const redis = await startRedis();
  let aggregate: number;
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
      vis = await visibility(bases, opts.seconds);
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
    [`visibility lag p50 at ${vis.rate.toFixed(0)} pushes/s (ms)`, percentile(vis.lags, 50).toFixed(1), ""],
    [`visibility lag p99 at ${vis.rate.toFixed(0)} pushes/s (ms)`, percentile(vis.lags, 99).toFixed(1), "<= 50"],
    ["probes visible at the first scrape begun after the 200", `${vis.firstTry} of ${vis.lags.length}`, ""],
    ["median scrape of the other replica while probing (ms)", median(vis.scrapes).toFixed(1), ""],
    ["CPU ms per push, 3 replicas together", cpuPerPush.replicas.toFixed(3), ""],
    ["CPU ms per push, redis-server", cpuPerPush.redis.toFixed(3), ""],
    [`single node pushes/s (this build${baselineBinary ? ", median of 3" : ""})`, single.toFixed(0), ""],
  ];
  if (baseline !== undefined) {
    rows.push([`single node pushes/s (${baselineBinary}, median of 3)`, baseline.toFixed(0), ""]);
    rows.push(["single node, this build / baseline", `${((single / baseline) * 100).toFixed(0)}%`, ">= 90%"]);
  }
  console.log(
    `\ngateway cluster: ${PREFILL} groups stored, PUT 6 series rotating over ${ROTATE} groups, ${CLIENTS_PER_REPLICA} clients per gateway, ${opts.seconds} s per run`,
  );
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [what, value, target] of rows) console.log(`${what.padEnd(w0)}  ${value.padStart(w1)}  ${target ? `target ${target}` : ""}`);
}
