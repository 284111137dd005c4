// Gateway benchmark: dist/mon gateway and Debian's Pushgateway side by side.
// Pushes/s (PUT, 6 series each, rotating over 500 groups) with the store
// pre-filled with 10 and with 2,000 groups; the server's CPU time per push
// (steadier than pushes/s on a shared machine: it does not count time spent
// waiting for a core); median /metrics scrape time at 2,000 groups; RSS after
// the run. Then the durable rate: the same pushes at 2,000 groups with
// --persistence.interval=0 (mon answers once the push is fdatasynced;
// Pushgateway, given the same flags, rewrites its file after changes and
// answers before), beside the in-memory rate; and the time from start to
// /-/ready on a 100,000-group persistence file, as a snapshot alone and as
// a snapshot plus a log of 100,000 pushes. Prints figures and ratios, and
// the load average (the machine is shared). Not a test.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { encodeSnapshot } from "../src/gateway/persistence-format.ts";
import { encodeLogHeader, encodeRecord } from "../src/gateway/persistence-log.ts";
import { type PushMutation, encodeMutation } from "../src/gateway/store/mutation-codec.ts";
import { GatewayStore } from "../src/gateway/store/state.ts";
import type { MetricFamily } from "../src/metrics/types.ts";
import { LOOPBACK_ANY, cpuSeconds, median, printTable, ratio, rssBytes, startAndWait } from "./process-stats.ts";

const REFERENCE = process.env.PUSHGATEWAY_REFERENCE ?? "/usr/bin/prometheus-pushgateway";
const MON = resolve(import.meta.dir, "../dist/mon");
const CONCURRENCY = 4;
export const ROTATE = 500;

function body(i: number): string {
  return (
    "# TYPE bench_job_duration_seconds gauge\n" +
    `bench_job_duration_seconds{step="extract"} ${i * 0.5}\n` +
    `bench_job_duration_seconds{step="transform"} ${i * 0.25}\n` +
    `bench_job_duration_seconds{step="load"} ${i * 0.125}\n` +
    "# TYPE bench_job_records_total counter\n" +
    `bench_job_records_total{step="extract"} ${i}\n` +
    `bench_job_records_total{step="transform"} ${i * 2}\n` +
    `bench_job_records_total{step="load"} ${i * 3}\n`
  );
}

export async function push(base: string, group: string, i: number): Promise<void> {
  const res = await fetch(`${base}/metrics/job/${group}`, { method: "PUT", body: body(i) });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`push to ${group} answered ${res.status}`);
}

/** Fills the store with `groups` groups of 6 series, `concurrency` pushes at a time, spread over every base. */
export async function prefillGroups(bases: string[], groups: number, concurrency: number): Promise<void> {
  for (let g = 0; g < groups; g += concurrency) {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, groups - g) }, (_, k) => push(bases[(g + k) % bases.length], `prefill/instance/p${g + k}`, g + k)),
    );
  }
}

/** Pushes/s that `clients` concurrent clients reach in `seconds`, PUT rotating over 500 groups, spread over every base. */
export async function pushRate(bases: string[], clients: number, seconds: number): Promise<number> {
  let pushes = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      for (let i = worker; performance.now() < end; i += clients) {
        await push(bases[i % bases.length], `bench/instance/b${i % ROTATE}`, i);
        pushes++;
      }
    }),
  );
  return pushes / ((performance.now() - t0) / 1000);
}

interface RunFigures {
  pushesPerSecond: number;
  cpuMicrosPerPush: number;
  medianScrapeMs: number;
  rssMiB: number;
}

/** Where a run persists: nowhere, or to a file in a fresh folder with --persistence.interval=0. */
type Persistence = "memory" | "durable";

async function run(kind: "mon" | "reference", prefill: number, seconds: number, persistence: Persistence = "memory", clients = CONCURRENCY): Promise<RunFigures> {
  const listen = `--web.listen-address=${LOOPBACK_ANY}`;
  const dir = mkdtempSync(join(tmpdir(), "mon-bench-gw-"));
  const persist = persistence === "durable" ? [`--persistence.file=${join(dir, "metrics")}`, "--persistence.interval=0"] : ["--persistence.file="];
  const cmd = kind === "mon" ? [MON, "gateway", listen, ...persist] : [REFERENCE, listen, ...persist];
  const { proc, base } = await startAndWait(cmd, "/-/ready");
  try {
    await prefillGroups([base], prefill, CONCURRENCY);
    const cpu0 = cpuSeconds(proc.pid);
    const t0 = performance.now();
    const pushesPerSecond = await pushRate([base], clients, seconds);
    const pushes = (pushesPerSecond * (performance.now() - t0)) / 1000;
    const cpuMicrosPerPush = ((cpuSeconds(proc.pid) - cpu0) * 1e6) / pushes;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await (await fetch(`${base}/metrics`)).arrayBuffer();
      times.push(performance.now() - s);
    }
    return { pushesPerSecond, cpuMicrosPerPush, medianScrapeMs: median(times), rssMiB: rssBytes(proc.pid) / 2 ** 20 };
  } finally {
    proc.kill();
    await proc.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function loadAverage(): string {
  return readFileSync("/proc/loadavg", "latin1").split(" ").slice(0, 3).join(" ");
}

function benchFamilies(i: number): MetricFamily[] {
  const steps = ["extract", "transform", "load"];
  return [
    { name: "bench_job_duration_seconds", type: "gauge", metrics: steps.map((step, k) => ({ labels: { step }, value: i * 0.5 ** (k + 1) })) },
    { name: "bench_job_records_total", type: "counter", metrics: steps.map((step, k) => ({ labels: { step }, value: i * (k + 1) })) },
  ];
}

/**
 * Milliseconds from spawning mon on a persistence file of `groups` groups
 * until /-/ready answers (median of 3), the file as a snapshot alone or as a
 * snapshot followed by a log of one push per group. Also the files' size.
 */
async function loadTime(groups: number, withLog: boolean): Promise<{ ms: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), "mon-bench-load-"));
  try {
    const file = join(dir, "metrics");
    const store = new GatewayStore({ clock: { now: () => 1_700_000_000_000 } });
    for (let i = 0; i < groups; i++) store.push({ job: "prefill", instance: `p${i}` }, benchFamilies(i), true);
    const snapshot = encodeSnapshot(store.snapshot(), 1);
    let bytes = snapshot.length;
    const ms: number[] = [];
    for (let round = 0; round < 3; round++) {
      // Each start compacts what it replayed: write the files anew every time.
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      writeFileSync(file, snapshot);
      if (withLog) {
        const records = [encodeLogHeader(1)];
        for (let i = 0; i < groups; i++) {
          const m: PushMutation = { kind: "push", atMs: 1_700_000_001_000 + i, key: { job: "prefill", instance: `p${i}` }, families: benchFamilies(i + 1), replace: true };
          records.push(encodeRecord(encodeMutation(m)));
        }
        const log = Buffer.concat(records);
        writeFileSync(`${file}.log-1`, log);
        bytes = snapshot.length + log.length;
      }
      const { proc, startMs } = await startAndWait([MON, "gateway", `--web.listen-address=${LOOPBACK_ANY}`, `--persistence.file=${file}`], "/-/ready", undefined, 180_000);
      ms.push(startMs);
      proc.kill(9);
      await proc.exited;
    }
    return { ms: median(ms), bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchGateway(opts: { seconds: number }): Promise<void> {
  if (!existsSync(MON)) throw new Error("dist/mon not built: run npm run build");
  const mon10 = await run("mon", 10, opts.seconds);
  const mon2000 = await run("mon", 2000, opts.seconds);
  const haveRef = existsSync(REFERENCE);
  const ref10 = haveRef ? await run("reference", 10, opts.seconds) : undefined;
  const ref2000 = haveRef ? await run("reference", 2000, opts.seconds) : undefined;
  const f = (n: number | undefined, d = 0) => (n === undefined ? "-" : n.toFixed(d));
  const r = (a: number, b: number | undefined) => (b === undefined ? "-" : ratio(a, b));
  printTable(`gateway, PUT 6 series rotating over 500 groups, ${CONCURRENCY} clients, ${opts.seconds} s per run`, [
    ["pushes/s, 10 groups", f(mon10.pushesPerSecond), f(ref10?.pushesPerSecond), r(mon10.pushesPerSecond, ref10?.pushesPerSecond)],
    ["pushes/s, 2,000 groups", f(mon2000.pushesPerSecond), f(ref2000?.pushesPerSecond), r(mon2000.pushesPerSecond, ref2000?.pushesPerSecond)],
    ["server CPU per push, 10 groups (µs)", f(mon10.cpuMicrosPerPush, 1), f(ref10?.cpuMicrosPerPush, 1), r(mon10.cpuMicrosPerPush, ref10?.cpuMicrosPerPush)],
    ["server CPU per push, 2,000 groups (µs)", f(mon2000.cpuMicrosPerPush, 1), f(ref2000?.cpuMicrosPerPush, 1), r(mon2000.cpuMicrosPerPush, ref2000?.cpuMicrosPerPush)],
    ["median scrape at 2,000 groups (ms)", f(mon2000.medianScrapeMs, 2), f(ref2000?.medianScrapeMs, 2), r(mon2000.medianScrapeMs, ref2000?.medianScrapeMs)],
    ["RSS after the 2,000-group run (MiB)", f(mon2000.rssMiB, 1), f(ref2000?.rssMiB, 1), r(mon2000.rssMiB, ref2000?.rssMiB)],
  ]);
  console.log(
    `mon push rate at 2,000 groups is ${((mon2000.pushesPerSecond / mon10.pushesPerSecond) * 100).toFixed(0)}% of its rate at 10 groups (target >= 80%)`,
  );
  if (!haveRef) console.log(`reference Pushgateway not installed at ${REFERENCE}: mon's figures only`);

  const load0 = loadAverage();
  const durable = await run("mon", 2000, opts.seconds, "durable");
  const durable16 = await run("mon", 2000, opts.seconds, "durable", 16);
  const memory16 = await run("mon", 2000, opts.seconds, "memory", 16);
  const refPersist = haveRef ? await run("reference", 2000, opts.seconds, "durable") : undefined;
  const snapshotLoad = await loadTime(100_000, false);
  const logLoad = await loadTime(100_000, true);
  printTable(`gateway persistence, --persistence.interval=0, 2,000 groups, ${opts.seconds} s per run (load average ${load0} before, ${loadAverage()} after)`, [
    ["pushes/s, 4 clients, in memory", f(mon2000.pushesPerSecond), f(ref2000?.pushesPerSecond), r(mon2000.pushesPerSecond, ref2000?.pushesPerSecond)],
    ["pushes/s, 4 clients, --persistence.interval=0", f(durable.pushesPerSecond), f(refPersist?.pushesPerSecond), r(durable.pushesPerSecond, refPersist?.pushesPerSecond)],
    ["  durable / in memory", ratio(durable.pushesPerSecond, mon2000.pushesPerSecond), ref2000 && refPersist ? ratio(refPersist.pushesPerSecond, ref2000.pushesPerSecond) : "-", "-"],
    ["server CPU per durable push (µs)", f(durable.cpuMicrosPerPush, 1), f(refPersist?.cpuMicrosPerPush, 1), r(durable.cpuMicrosPerPush, refPersist?.cpuMicrosPerPush)],
    ["pushes/s, 16 clients, in memory", f(memory16.pushesPerSecond), "-", "-"],
    ["pushes/s, 16 clients, --persistence.interval=0", f(durable16.pushesPerSecond), "-", "-"],
    ["  durable / in memory", ratio(durable16.pushesPerSecond, memory16.pushesPerSecond), "-", "-"],
    [`start to ready, 100,000 groups, snapshot (${(snapshotLoad.bytes / 2 ** 20).toFixed(0)} MiB) (ms)`, f(snapshotLoad.ms), "-", "-"],
    [`start to ready, same + log of 100,000 pushes (${(logLoad.bytes / 2 ** 20).toFixed(0)} MiB) (ms)`, f(logLoad.ms), "-", "-"],
    ["  snapshot+log / snapshot", ratio(logLoad.ms, snapshotLoad.ms), "-", "-"],
  ]);
  console.log("the reference acknowledges before writing; mon with --persistence.interval=0 after its record is fdatasynced");
}
