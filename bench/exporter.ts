// Exporter benchmark: dist/mon exporter and Debian's node_exporter side by
// side on this machine, default collectors. Not a test: prints figures and
// ratios (targets: median scrape and CPU per scrape <= 0.9x, private memory
// (Pss_Anon) <= 1.2x). The machine is shared and noisy, so both programs are
// measured --rounds times, alternately, and each figure is the median of the
// rounds (the per-round ratios are printed too).
// Private memory is read twice: right after the back-to-back scrapes (a
// burst, where garbage has had no time to be collected), and in the steady
// state of a scraper: after PACED_SCRAPES more scrapes --pace seconds apart,
// just before the next one would come (0 skips it).
//   npm run bench -- exporter [--scrapes=200] [--rounds=3] [--pace=5] [--mon-args="..."]
//   npm run bench -- exporter --variants[=default,nojit,...]
//   npm run bench -- exporter --long[=10000] [--gap=60]   (see benchExporterLongRun)
// MON_BINARY=<path> benchmarks another build of mon instead of dist/mon.
// mon runs with the environment its systemd unit gives it (unitEnvironment).
// --variants runs mon once per runtime variant (environment only, same
// binary, same scrapes and warm-up) and prints one row per variant.

import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  LOOPBACK_ANY,
  cpuSeconds,
  median,
  printTable,
  privateBytes,
  ratio,
  rssBytes,
  rssSplit,
  startAndWait,
} from "./process-stats.ts";

const REFERENCE = process.env.NODE_EXPORTER_REFERENCE ?? "/usr/bin/prometheus-node-exporter";
const UNIT = resolve(import.meta.dir, "../packaging/systemd/mon-exporter.service");
const MON = process.env.MON_BINARY ?? resolve(import.meta.dir, "../dist/mon");
const GC_PRELOAD = resolve(import.meta.dir, "gc-preload.ts");
const WARM_UP = 5;
const PACED_SCRAPES = 3;

interface Figures {
  startMs: number;
  medianScrapeMs: number;
  cpuMsPerScrape: number;
  rssMiB: number;
  anonMiB: number;
  fileMiB: number;
  privateMiB: number;
  /** Pss_Anon in the steady state of paced scrapes; NaN when not measured. */
  pacedPrivateMiB: number;
  bytes: number;
}

/** A way to run mon: environment variables read by Bun or JavaScriptCore at start. */
export interface Variant {
  name: string;
  env: Record<string, string>;
}

const MiB = 2 ** 20;
const gc = (ms: number) => ({ BUN_OPTIONS: `--preload=${GC_PRELOAD}`, MON_BENCH_GC_MS: String(ms) });

// "default" is mon as its unit runs it (the exporter's runtimeEnvironment in
// src/main.ts, which the binary would otherwise set by restarting itself);
// "dfg", "warmup", "concjit" and "mi-purge100" each turn one of those back
// to Bun's default.
export const VARIANTS: Variant[] = [
  { name: "default", env: {} },
  { name: "dfg", env: { BUN_JSC_useDFGJIT: "1" } },
  { name: "warmup", env: { BUN_JSC_useWarmUpMarkedBlocks: "1" } },
  { name: "concjit", env: { BUN_JSC_useConcurrentJIT: "1" } },
  { name: "gcmarkers1", env: { BUN_JSC_numberOfGCMarkers: "1" } },
  { name: "smol", env: { BUN_OPTIONS: "--smol" } },
  { name: "noftl", env: { BUN_JSC_useFTLJIT: "0" } },
  { name: "nojit", env: { BUN_JSC_useJIT: "0" } },
  // No Bun.unsafe.setJITPolicy variants: mon exporter sets its own policy
  // (src/exporter/start.ts), which would override a preloaded one. Commit
  // 57b9d0f has the jit3..jit100 figures that chose it.
  { name: "ram256m", env: { BUN_JSC_forceRAMSize: String(256 * MiB) } },
  { name: "ram64m", env: { BUN_JSC_forceRAMSize: String(64 * MiB) } },
  // Bun's own allocations go through mimalloc, which reads MIMALLOC_* at start.
  { name: "mi-purge100", env: { MIMALLOC_PURGE_DELAY: "100" } },
  { name: "mi-lazy", env: { MIMALLOC_ARENA_EAGER_COMMIT: "0" } },
  { name: "gc1s", env: gc(1000) },
  { name: "gc100ms", env: gc(100) },
  { name: "nojit+ram64m", env: { BUN_JSC_useJIT: "0", BUN_JSC_forceRAMSize: String(64 * MiB) } },
  { name: "ram64m+gc1s", env: { BUN_JSC_forceRAMSize: String(64 * MiB), ...gc(1000) } },
];

async function measure(cmd: string[], scrapes: number, paceSeconds: number, env?: Record<string, string>): Promise<Figures> {
  const { proc, base, startMs } = await startAndWait(cmd, "/", env);
  const url = `${base}/metrics`;
  try {
    // Warm-up scrapes are not counted, for either program.
    for (let i = 0; i < WARM_UP; i++) await (await fetch(url)).arrayBuffer();
    const cpu0 = cpuSeconds(proc.pid);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < scrapes; i++) {
      const t0 = performance.now();
      const body = await (await fetch(url)).arrayBuffer();
      times.push(performance.now() - t0);
      bytes = body.byteLength;
    }
    const cpu = cpuSeconds(proc.pid) - cpu0;
    const split = rssSplit(proc.pid);
    const burstPrivate = privateBytes(proc.pid);
    let pacedPrivate = Number.NaN;
    if (paceSeconds > 0) {
      for (let i = 0; i < PACED_SCRAPES; i++) {
        await Bun.sleep(paceSeconds * 1000);
        await (await fetch(url)).arrayBuffer();
      }
      await Bun.sleep(paceSeconds * 1000);
      pacedPrivate = privateBytes(proc.pid);
    }
    return {
      startMs,
      medianScrapeMs: median(times),
      cpuMsPerScrape: (cpu * 1000) / scrapes,
      rssMiB: rssBytes(proc.pid) / MiB,
      anonMiB: split.anon / MiB,
      fileMiB: split.file / MiB,
      privateMiB: burstPrivate / MiB,
      pacedPrivateMiB: pacedPrivate / MiB,
      bytes,
    };
  } finally {
    proc.kill();
    await proc.exited;
  }
}

/**
 * The Environment= lines of the shipped systemd unit: mon is measured as
 * installations run it. Without them `mon exporter` would first restart
 * itself to get them (src/main.ts), ~8 ms of CPU before its first answer
 * that a service started by its unit never spends.
 */
function unitEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of readFileSync(UNIT, "utf8").matchAll(/^Environment=([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) env[m[1]] = m[2];
  return env;
}

function measureMon(monArgs: string[], scrapes: number, paceSeconds: number, env?: Record<string, string>): Promise<Figures> {
  return measure([MON, "exporter", `--web.listen-address=${LOOPBACK_ANY}`, ...monArgs], scrapes, paceSeconds, {
    ...unitEnvironment(),
    ...env,
  });
}

function measureReference(scrapes: number, paceSeconds: number): Promise<Figures> {
  return measure([REFERENCE, `--web.listen-address=${LOOPBACK_ANY}`], scrapes, paceSeconds);
}

/** Each figure's median over the rounds. */
function medianFigures(rounds: Figures[]): Figures {
  const m = (k: keyof Figures) => median(rounds.map((r) => r[k]));
  return {
    startMs: m("startMs"),
    medianScrapeMs: m("medianScrapeMs"),
    cpuMsPerScrape: m("cpuMsPerScrape"),
    rssMiB: m("rssMiB"),
    anonMiB: m("anonMiB"),
    fileMiB: m("fileMiB"),
    privateMiB: m("privateMiB"),
    pacedPrivateMiB: m("pacedPrivateMiB"),
    bytes: m("bytes"),
  };
}

export async function benchExporter(opts: { scrapes: number; rounds: number; paceSeconds: number; monArgs: string[] }): Promise<void> {
  if (!existsSync(MON)) throw new Error("dist/mon not built: run npm run build");
  const hasReference = existsSync(REFERENCE);
  const monRounds: Figures[] = [];
  const refRounds: Figures[] = [];
  for (let i = 0; i < opts.rounds; i++) {
    monRounds.push(await measureMon(opts.monArgs, opts.scrapes, opts.paceSeconds));
    if (hasReference) refRounds.push(await measureReference(opts.scrapes, opts.paceSeconds));
  }
  const mon = medianFigures(monRounds);
  if (!hasReference) {
    console.log(`reference node_exporter not installed at ${REFERENCE}: printing mon's figures only`);
    console.log(mon);
    return;
  }
  const ref = medianFigures(refRounds);
  const perRound = (k: keyof Figures) => monRounds.map((m, i) => ratio(m[k], refRounds[i][k])).join(" ");
  printTable(
    `exporter, default collectors, ${opts.scrapes} scrapes, median of ${opts.rounds} rounds (mon args: ${opts.monArgs.join(" ") || "none"})`,
    [
      ["median scrape (ms)", mon.medianScrapeMs.toFixed(2), ref.medianScrapeMs.toFixed(2), ratio(mon.medianScrapeMs, ref.medianScrapeMs)],
      ["CPU per scrape (ms)", mon.cpuMsPerScrape.toFixed(2), ref.cpuMsPerScrape.toFixed(2), ratio(mon.cpuMsPerScrape, ref.cpuMsPerScrape)],
      ["private memory, Pss_Anon (MiB)", mon.privateMiB.toFixed(1), ref.privateMiB.toFixed(1), ratio(mon.privateMiB, ref.privateMiB)],
      ...(opts.paceSeconds > 0
        ? [[
            `  scraped every ${opts.paceSeconds} s (MiB)`,
            mon.pacedPrivateMiB.toFixed(1),
            ref.pacedPrivateMiB.toFixed(1),
            ratio(mon.pacedPrivateMiB, ref.pacedPrivateMiB),
          ] as [string, string, string, string]]
        : []),
      ["RSS after scrapes (MiB)", mon.rssMiB.toFixed(1), ref.rssMiB.toFixed(1), ratio(mon.rssMiB, ref.rssMiB)],
      ["  of which anon (MiB)", mon.anonMiB.toFixed(1), ref.anonMiB.toFixed(1), ratio(mon.anonMiB, ref.anonMiB)],
      ["  of which file (MiB)", mon.fileMiB.toFixed(1), ref.fileMiB.toFixed(1), ratio(mon.fileMiB, ref.fileMiB)],
      ["start to first answer (ms)", mon.startMs.toFixed(1), ref.startMs.toFixed(1), ratio(mon.startMs, ref.startMs)],
      ["scrape size (bytes)", String(mon.bytes), String(ref.bytes), ratio(mon.bytes, ref.bytes)],
    ],
  );
  if (opts.rounds > 1) {
    console.log("\nper-round ratios (mon/reference):");
    console.log(`  median scrape   ${perRound("medianScrapeMs")}`);
    console.log(`  CPU per scrape  ${perRound("cpuMsPerScrape")}`);
    console.log(`  private memory  ${perRound("privateMiB")}`);
    if (opts.paceSeconds > 0) console.log(`    paced         ${perRound("pacedPrivateMiB")}`);
  }
}

/** One row per runtime variant of mon, and the reference's row for scale. */
export async function benchExporterVariants(opts: { scrapes: number; monArgs: string[]; names: string[] }): Promise<void> {
  if (!existsSync(MON)) throw new Error("dist/mon not built: run npm run build");
  const chosen = opts.names.length === 0 ? VARIANTS : opts.names.map((n) => {
    const v = VARIANTS.find((x) => x.name === n);
    if (!v) throw new Error(`unknown variant ${n}; known: ${VARIANTS.map((x) => x.name).join(", ")}`);
    return v;
  });
  const rows: { name: string; env: string; f: Figures }[] = [];
  if (existsSync(REFERENCE)) rows.push({ name: "node_exporter", env: "", f: await measureReference(opts.scrapes, 0) });
  for (const v of chosen) {
    const env = Object.entries(v.env).map(([k, val]) => `${k}=${val}`).join(" ");
    rows.push({ name: v.name, env, f: await measureMon(opts.monArgs, opts.scrapes, 0, v.env) });
  }
  const ref = rows[0]?.name === "node_exporter" ? rows[0].f : undefined;
  const rel = (x: number, r: number | undefined) => (r === undefined ? "" : ` (${ratio(x, r)})`);
  const table = [
    ["variant", "scrape ms", "CPU ms/scrape", "private MiB", "RSS MiB", "anon", "file", "start ms"],
    ...rows.map(({ name, f }) => [
      name,
      f.medianScrapeMs.toFixed(2) + rel(f.medianScrapeMs, ref?.medianScrapeMs),
      f.cpuMsPerScrape.toFixed(2) + rel(f.cpuMsPerScrape, ref?.cpuMsPerScrape),
      f.privateMiB.toFixed(1) + rel(f.privateMiB, ref?.privateMiB),
      f.rssMiB.toFixed(1) + rel(f.rssMiB, ref?.rssMiB),
      f.anonMiB.toFixed(1),
      f.fileMiB.toFixed(1),
      f.startMs.toFixed(1),
    ]),
  ];
  console.log(`\nexporter runtime variants, default collectors, ${opts.scrapes} scrapes after ${WARM_UP} warm-up (mon args: ${opts.monArgs.join(" ") || "none"})`);
  const w = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const r of table) console.log(r.map((c, i) => c.padEnd(w[i])).join("  ").trimEnd());
  console.log("\nenvironment per variant:");
  for (const { name, env } of rows.slice(ref ? 1 : 0)) console.log(`  ${name}: ${env || "(none)"}`);
}

/**
 * A long run: mon and node_exporter side by side, each scraped `scrapes`
 * times `gapMs` apart, private memory read along the way and 5 s after the
 * last scrape. The other figures come from ~200 scrapes, which is minutes of
 * a real scraper's life; this one shows what days of scrapes leave behind:
 * garbage that lived through a young collection, code compiled as functions
 * pass the JIT's thresholds. With the default 10,000 scrapes 60 ms apart it
 * runs ~12 minutes, longer than the exporter's interval between full
 * collections (src/exporter/scrape-collections.ts), so some fall in it.
 */
export async function benchExporterLongRun(opts: { scrapes: number; gapMs: number; monArgs: string[] }): Promise<void> {
  if (!existsSync(MON)) throw new Error("dist/mon not built: run npm run build");
  const checkpoints = [200, 1_000, 2_500, 5_000, 7_500, 10_000, 15_000, 20_000].filter((n) => n < opts.scrapes);
  const run = async (cmd: string[], env?: Record<string, string>) => {
    const { proc, base } = await startAndWait(cmd, "/", env);
    const url = `${base}/metrics`;
    const readings: number[] = [];
    try {
      for (let i = 1; i <= opts.scrapes; i++) {
        await (await fetch(url)).arrayBuffer();
        if (checkpoints.includes(i)) readings.push(privateBytes(proc.pid) / MiB);
        await Bun.sleep(opts.gapMs);
      }
      readings.push(privateBytes(proc.pid) / MiB);
      await Bun.sleep(5_000);
      readings.push(privateBytes(proc.pid) / MiB);
      return readings;
    } finally {
      proc.kill();
      await proc.exited;
    }
  };
  const [mon, ref] = await Promise.all([
    run([MON, "exporter", `--web.listen-address=${LOOPBACK_ANY}`, ...opts.monArgs], unitEnvironment()),
    existsSync(REFERENCE) ? run([REFERENCE, `--web.listen-address=${LOOPBACK_ANY}`]) : Promise.resolve(undefined),
  ]);
  const labels = [...checkpoints.map((n) => `after ${n} scrapes`), `after ${opts.scrapes} scrapes`, "5 s later"];
  printTable(
    `exporter long run, default collectors, ${opts.scrapes} scrapes ${opts.gapMs} ms apart, both at once; private memory, Pss_Anon (MiB)`,
    labels.map((label, i) => [
      label,
      mon[i].toFixed(1),
      ref ? ref[i].toFixed(1) : "-",
      ref ? ratio(mon[i], ref[i]) : "-",
    ]),
  );
}
