// Exporter benchmark: dist/mon exporter and Debian's node_exporter side by
// side on this machine, default collectors. Not a test: prints figures and
// ratios (targets: scrape time and CPU <= 1.0x, RSS <= 1.5x).
//   npm run bench -- exporter [--scrapes=200] [--mon-args="--smol ..."]

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { cpuSeconds, freePort, median, printTable, ratio, rssBytes, startAndWait } from "./process-stats.ts";

const REFERENCE = process.env.NODE_EXPORTER_REFERENCE ?? "/usr/bin/prometheus-node-exporter";
const MON = resolve(import.meta.dir, "../dist/mon");

interface Figures {
  startMs: number;
  medianScrapeMs: number;
  cpuMsPerScrape: number;
  rssMiB: number;
  bytes: number;
}

async function measure(cmd: string[], port: number, scrapes: number, env?: Record<string, string>): Promise<Figures> {
  const url = `http://127.0.0.1:${port}/metrics`;
  const { proc, startMs } = await startAndWait(cmd, `http://127.0.0.1:${port}/`);
  try {
    // Warm-up scrapes are not counted, for either program.
    for (let i = 0; i < 5; i++) await (await fetch(url)).arrayBuffer();
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
    return { startMs, medianScrapeMs: median(times), cpuMsPerScrape: (cpu * 1000) / scrapes, rssMiB: rssBytes(proc.pid) / 2 ** 20, bytes };
  } finally {
    proc.kill();
    await proc.exited;
  }
}

export async function benchExporter(opts: { scrapes: number; monArgs: string[] }): Promise<void> {
  if (!existsSync(MON)) throw new Error("dist/mon not built: run npm run build");
  const monPort = freePort();
  const mon = await measure([MON, "exporter", `--web.listen-address=127.0.0.1:${monPort}`, ...opts.monArgs], monPort, opts.scrapes);
  if (!existsSync(REFERENCE)) {
    console.log(`reference node_exporter not installed at ${REFERENCE}: printing mon's figures only`);
    console.log(mon);
    return;
  }
  const refPort = freePort();
  const ref = await measure([REFERENCE, `--web.listen-address=127.0.0.1:${refPort}`], refPort, opts.scrapes);
  printTable(`exporter, default collectors, ${opts.scrapes} scrapes (mon args: ${opts.monArgs.join(" ") || "none"})`, [
    ["median scrape (ms)", mon.medianScrapeMs.toFixed(2), ref.medianScrapeMs.toFixed(2), ratio(mon.medianScrapeMs, ref.medianScrapeMs)],
    ["CPU per scrape (ms)", mon.cpuMsPerScrape.toFixed(2), ref.cpuMsPerScrape.toFixed(2), ratio(mon.cpuMsPerScrape, ref.cpuMsPerScrape)],
    ["RSS after scrapes (MiB)", mon.rssMiB.toFixed(1), ref.rssMiB.toFixed(1), ratio(mon.rssMiB, ref.rssMiB)],
    ["start to first answer (ms)", mon.startMs.toFixed(1), ref.startMs.toFixed(1), ratio(mon.startMs, ref.startMs)],
    ["scrape size (bytes)", String(mon.bytes), String(ref.bytes), ratio(mon.bytes, ref.bytes)],
  ]);
}
