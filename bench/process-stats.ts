// Per-process CPU and memory readings from /proc, for side-by-side benchmarks.

import { readFileSync } from "node:fs";
import { listeningPortsNow } from "../test/support/server-port.ts";

export { LOOPBACK_ANY } from "../test/support/server-port.ts";

const TICKS = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/** Resident anonymous and file-backed memory in bytes (RssAnon, RssFile). */
export function rssSplit(pid: number): { anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, "latin1");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB$`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { anon: kb("RssAnon"), file: kb("RssFile") };
}

/**
 * Private memory in bytes: Pss_Anon from smaps_rollup, the anonymous pages
 * charged to this process alone. RSS also counts clean code pages shared with
 * every other process of the same binary (most of a Bun program's RSS).
 */
export function privateBytes(pid: number): number {
  const m = /^Pss_Anon:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "latin1"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Spawns a server told to listen on port 0 (LOOPBACK_ANY), finds its port,
 * and returns once `path` answers, with the time from spawn to that answer.
 */
export async function startAndWait(
  cmd: string[],
  path: string,
  env?: Record<string, string>,
  timeoutMs = 15_000,
): Promise<{ proc: ReturnType<typeof Bun.spawn>; base: string; startMs: number }> {
  const t0 = performance.now();
  const proc = Bun.spawn(cmd, { stdout: "ignore", stderr: "ignore", env: env ? { ...process.env, ...env } : undefined });
  for (;;) {
    const [port] = listeningPortsNow(proc.pid);
    if (port !== undefined) {
      try {
        const base = `http://127.0.0.1:${port}`;
        await (await fetch(`${base}${path}`)).arrayBuffer();
        return { proc, base, startMs: performance.now() - t0 };
      } catch {
        // listening, not answering yet
      }
    }
    if (proc.exitCode !== null) throw new Error(`${cmd[0]} exited with ${proc.exitCode}`);
    if (performance.now() - t0 > timeoutMs) throw new Error(`${cmd[0]} did not answer in ${timeoutMs / 1000} s`);
    await Bun.sleep(2);
  }
}

export function ratio(ours: number, theirs: number): string {
  return `${(ours / theirs).toFixed(2)}x`;
}

export function printTable(title: string, rows: [string, string, string, string][]): void {
  console.log(`\n${title}`);
  const head: [string, string, string, string] = ["metric", "mon", "reference", "mon/reference"];
  const all = [head, ...rows];
  const w = [0, 1, 2, 3].map((i) => Math.max(...all.map((r) => r[i].length)));
  for (const r of all) console.log(r.map((c, i) => c.padEnd(w[i])).join("  "));
}
