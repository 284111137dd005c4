// Does one large push hold up the others? dist/mon gateway and Debian's
// Pushgateway side by side: three clients keep pushing a series with 100,000
// labels (1.5 MB of text), a 1 MB gzip bomb of zeros (1 GiB inflated) and a
// gzip bomb of valid text (256 MiB inflated), while a fourth asks /-/healthy
// and a fifth pushes a small group, one request after the other. Prints the
// health check's and the small push's latency (median and worst; target for
// the worst health check: under 0.5 s), and what the large pushes got
// (status 0: no answer within 20 s).

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { LOOPBACK_ANY, median, printTable, rssBytes, startAndWait } from "./process-stats.ts";

const REFERENCE = process.env.PUSHGATEWAY_REFERENCE ?? "/usr/bin/prometheus-pushgateway";
const MON = resolve(import.meta.dir, "../dist/mon");

interface Attack {
  name: string;
  body: Uint8Array;
  headers: Record<string, string>;
}

function attacks(): Attack[] {
  const labels = Array.from({ length: 100_000 }, (_, i) => `label_${i}="value_${i}"`).join(",");
  return [
    { name: "100,000-label series", body: new TextEncoder().encode(`wide{${labels}} 1\n`), headers: {} },
    { name: "gzip bomb, zeros", body: Bun.gzipSync(new Uint8Array(1 << 30), { level: 9 }), headers: { "Content-Encoding": "gzip" } },
    {
      name: "gzip bomb, valid text",
      body: Bun.gzipSync(new TextEncoder().encode("bomb 1\n".repeat((256 << 20) / 7)), { level: 9 }),
      headers: { "Content-Encoding": "gzip" },
    },
  ];
}

interface StallFigures {
  health: number[];
  smallPush: number[];
  outcomes: Map<string, { statuses: Set<number>; ms: number[] }>;
  peakRssMiB: number;
}

/** A request's time and status; 0 when it failed or took longer than 20 s. */
async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
    await res.arrayBuffer();
    return { ms: performance.now() - t, status: res.status };
  } catch {
    return { ms: performance.now() - t, status: 0 };
  }
}

async function run(kind: "mon" | "reference", list: Attack[], seconds: number): Promise<StallFigures> {
  const listen = `--web.listen-address=${LOOPBACK_ANY}`;
  const cmd = kind === "mon" ? [MON, "gateway", listen] : [REFERENCE, listen, "--persistence.file="];
  const { proc, base } = await startAndWait(cmd, "/-/ready");
  const figures: StallFigures = { health: [], smallPush: [], outcomes: new Map(), peakRssMiB: 0 };
  const end = performance.now() + seconds * 1000;
  try {
    const attackers = list.map(async (a) => {
      const o = { statuses: new Set<number>(), ms: [] as number[] };
      figures.outcomes.set(a.name, o);
      while (performance.now() < end) {
        const r = await timed(`${base}/metrics/job/attack`, { method: "PUT", body: a.body, headers: a.headers });
        o.statuses.add(r.status);
        o.ms.push(r.ms);
      }
    });
    const health = (async () => {
      while (performance.now() < end) {
        figures.health.push((await timed(`${base}/-/healthy`)).ms);
        figures.peakRssMiB = Math.max(figures.peakRssMiB, rssBytes(proc.pid) / 2 ** 20);
        await Bun.sleep(10);
      }
    })();
    const small = (async () => {
      for (let i = 0; performance.now() < end; i++) {
        figures.smallPush.push((await timed(`${base}/metrics/job/small`, { method: "PUT", body: `small ${i}\n` })).ms);
        await Bun.sleep(10);
      }
    })();
    await Promise.all([...attackers, health, small]);
  } finally {
    proc.kill();
    await proc.exited;
  }
  return figures;
}

export async function benchGatewayStall(opts: { seconds: number; only?: number }): Promise<void> {
  if (!existsSync(MON)) throw new Error("dist/mon not built: run npm run build");
  const list = opts.only === undefined ? attacks() : [attacks()[opts.only]];
  const mon = await run("mon", list, opts.seconds);
  const ref = existsSync(REFERENCE) ? await run("reference", list, opts.seconds) : undefined;
  const ms = (xs: number[] | undefined, f: (xs: number[]) => number) => (xs && xs.length > 0 ? f(xs).toFixed(1) : "-");
  const max = (xs: number[]) => Math.max(...xs);
  const rows: [string, string, string, string][] = [
    ["/-/healthy median (ms)", ms(mon.health, median), ms(ref?.health, median), ""],
    ["/-/healthy worst (ms), target < 500", ms(mon.health, max), ms(ref?.health, max), ""],
    ["small push median (ms)", ms(mon.smallPush, median), ms(ref?.smallPush, median), ""],
    ["small push worst (ms)", ms(mon.smallPush, max), ms(ref?.smallPush, max), ""],
    ["peak RSS (MiB)", mon.peakRssMiB.toFixed(0), ref ? ref.peakRssMiB.toFixed(0) : "-", ""],
  ];
  for (const a of list) {
    const m = mon.outcomes.get(a.name);
    const r = ref?.outcomes.get(a.name);
    const describe = (o: typeof m) => (o ? `${[...o.statuses].join("/")} in ${median(o.ms).toFixed(0)} ms (x${o.ms.length})` : "-");
    rows.push([`${a.name}: status, median time`, describe(m), describe(r), ""]);
  }
  printTable(`gateway under large pushes, ${opts.seconds} s, health checked every 10 ms`, rows);
}
