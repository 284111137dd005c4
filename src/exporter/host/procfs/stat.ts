// /proc/stat: kernel/system statistics, shared by the stat and cpu collectors.
//   cpu  301854 612 111922 8979004 3552 2 3944 0 44 36
//   cpu0 44490 19 21045 1087069 220 1 3410 0 2 1
//   intr 8885917 17 0 0 ...
//   ctxt 38014093
//   btime 1418183276
//   processes 26442
//   procs_running 2
//   procs_blocked 0
//   softirq 5057579 250191 1481983 1647 211099 186066 0 1783454 622196 12499 508444

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

/**
 * The kernel reports CPU times in USER_HZ ticks; USER_HZ is 100 on every
 * architecture Linux exposes to user space (procfs assumes the same).
 */
export const USER_HZ = 100;

/** Seconds spent in each mode. */
export interface CpuStat {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  guest: number;
  guestNice: number;
}

export const CPU_STAT_FIELDS: readonly (keyof CpuStat)[] = [
  "user",
  "nice",
  "system",
  "idle",
  "iowait",
  "irq",
  "softirq",
  "steal",
  "guest",
  "guestNice",
];

/** The per-vector counts of the softirq line, in the kernel's order. */
export const SOFTIRQ_VECTORS = [
  "hi",
  "timer",
  "net_tx",
  "net_rx",
  "block",
  "block_iopoll",
  "tasklet",
  "sched",
  "hrtimer",
  "rcu",
] as const;
export type SoftirqVector = (typeof SOFTIRQ_VECTORS)[number];

export interface Stat {
  bootTime: number;
  cpuTotal: CpuStat;
  /** Per-CPU times keyed by CPU number, in file order. */
  cpus: Map<number, CpuStat>;
  intrTotal: number;
  contextSwitches: number;
  processesCreated: number;
  procsRunning: number;
  procsBlocked: number;
  softirqTotal: number;
  softirq: Record<SoftirqVector, number>;
}

export function emptyCpuStat(): CpuStat {
  return { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 };
}

const UINT_RE = /^\d+$/;

function parseUint(text: string, what: string, lineNo: number): number {
  if (!UINT_RE.test(text)) throw new Error(`line ${lineNo}: ${what}: not an unsigned integer: "${text}"`);
  return Number(text);
}

function parseCpuLine(fields: string[], lineNo: number): CpuStat {
  const s = emptyCpuStat();
  // Older kernels have fewer columns; the missing ones stay 0, as in procfs.
  const n = Math.min(fields.length - 1, CPU_STAT_FIELDS.length);
  for (let i = 0; i < n; i++) {
    const v = Number(fields[i + 1]);
    if (fields[i + 1] === "" || Number.isNaN(v)) {
      throw new Error(`line ${lineNo}: ${fields[0]}: column ${i + 1} is not a number: "${fields[i + 1]}"`);
    }
    s[CPU_STAT_FIELDS[i]] = v / USER_HZ;
  }
  return s;
}

export function parseStat(text: string): Stat {
  const stat: Stat = {
    bootTime: 0,
    cpuTotal: emptyCpuStat(),
    cpus: new Map(),
    intrTotal: 0,
    contextSwitches: 0,
    processesCreated: 0,
    procsRunning: 0,
    procsBlocked: 0,
    softirqTotal: 0,
    softirq: { hi: 0, timer: 0, net_tx: 0, net_rx: 0, block: 0, block_iopoll: 0, tasklet: 0, sched: 0, hrtimer: 0, rcu: 0 },
  };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const fields = lines[i].split(/\s+/).filter((f) => f !== "");
    if (fields.length < 2) continue;
    const key = fields[0];
    switch (key) {
      case "btime":
        stat.bootTime = parseUint(fields[1], key, lineNo);
        break;
      case "intr":
        // The numbered IRQ counts that follow belong to the interrupts collector.
        stat.intrTotal = parseUint(fields[1], key, lineNo);
        break;
      case "ctxt":
        stat.contextSwitches = parseUint(fields[1], key, lineNo);
        break;
      case "processes":
        stat.processesCreated = parseUint(fields[1], key, lineNo);
        break;
      case "procs_running":
        stat.procsRunning = parseUint(fields[1], key, lineNo);
        break;
      case "procs_blocked":
        stat.procsBlocked = parseUint(fields[1], key, lineNo);
        break;
      case "softirq": {
        if (fields.length < 2 + SOFTIRQ_VECTORS.length) {
          throw new Error(`line ${lineNo}: softirq: want ${1 + SOFTIRQ_VECTORS.length} counts, got ${fields.length - 1}`);
        }
        stat.softirqTotal = parseUint(fields[1], key, lineNo);
        SOFTIRQ_VECTORS.forEach((v, j) => {
          stat.softirq[v] = parseUint(fields[2 + j], `softirq ${v}`, lineNo);
        });
        break;
      }
      default:
        if (key.startsWith("cpu")) {
          const cpu = parseCpuLine(fields, lineNo);
          if (key === "cpu") stat.cpuTotal = cpu;
          else {
            const id = key.slice(3);
            if (!UINT_RE.test(id)) throw new Error(`line ${lineNo}: bad cpu name "${key}"`);
            stat.cpus.set(Number(id), cpu);
          }
        }
    }
  }
  return stat;
}

export function readStat(paths: Paths): Stat {
  return readParsed(paths.proc("stat"), parseStat);
}
