// process_* metrics of mon itself, with the names and HELP texts of
// client_golang's process collector, so dashboards built on either reference
// program keep working. Reads this process's own /proc entries.

import { readFileSync, readdirSync } from "node:fs";
import type { FamilyBuilder } from "../metrics/family-builder.ts";
import { metricDesc } from "../metrics/metric-desc.ts";

const PROCESS_CPU_SECONDS_TOTAL = metricDesc(
  "process_cpu_seconds_total",
  "counter",
  "Total user and system CPU time spent in seconds.",
);
const PROCESS_RESIDENT_MEMORY_BYTES = metricDesc(
  "process_resident_memory_bytes",
  "gauge",
  "Resident memory size in bytes.",
);
const PROCESS_VIRTUAL_MEMORY_BYTES = metricDesc(
  "process_virtual_memory_bytes",
  "gauge",
  "Virtual memory size in bytes.",
);
const PROCESS_START_TIME_SECONDS = metricDesc(
  "process_start_time_seconds",
  "gauge",
  "Start time of the process since unix epoch in seconds.",
);
const PROCESS_OPEN_FDS = metricDesc("process_open_fds", "gauge", "Number of open file descriptors.");
const PROCESS_MAX_FDS = metricDesc("process_max_fds", "gauge", "Maximum number of open file descriptors.");
const PROCESS_VIRTUAL_MEMORY_MAX_BYTES = metricDesc(
  "process_virtual_memory_max_bytes",
  "gauge",
  "Maximum amount of virtual memory available in bytes.",
);
const PROCESS_NETWORK_RECEIVE_BYTES_TOTAL = metricDesc(
  "process_network_receive_bytes_total",
  "counter",
  "Number of bytes received by the process over the network.",
);
const PROCESS_NETWORK_TRANSMIT_BYTES_TOTAL = metricDesc(
  "process_network_transmit_bytes_total",
  "counter",
  "Number of bytes sent by the process over the network.",
);

// USER_HZ is 100 on every Linux architecture mon ships for.
const TICKS_PER_SECOND = 100;
const PAGE_SIZE = 4096;

export interface ProcessStat {
  utimeTicks: number;
  stimeTicks: number;
  startTimeTicks: number;
  vsizeBytes: number;
  rssPages: number;
}

/** Parses /proc/<pid>/stat. The command name may hold spaces and parentheses. */
export function parseProcessStat(text: string): ProcessStat {
  const close = text.lastIndexOf(")");
  if (close === -1) throw new Error("stat: no ')' after the command name");
  // Fields after the command name start at field 3 (state).
  const f = text.slice(close + 2).trim().split(/\s+/);
  const at = (field: number) => Number(f[field - 3]);
  return { utimeTicks: at(14), stimeTicks: at(15), startTimeTicks: at(22), vsizeBytes: at(23), rssPages: at(24) };
}

export interface ProcessLimits {
  maxOpenFiles?: number;
  maxAddressSpace?: number;
}

/** Parses /proc/<pid>/limits; "unlimited" is uint64's maximum, as procfs reports it. */
export function parseProcessLimits(text: string): ProcessLimits {
  const out: ProcessLimits = {};
  for (const line of text.split("\n")) {
    const m = /^(Max open files|Max address space)\s+(\S+)/.exec(line);
    if (!m) continue;
    const v = m[2] === "unlimited" ? 18446744073709551615 : Number(m[2]);
    if (m[1] === "Max open files") out.maxOpenFiles = v;
    else out.maxAddressSpace = v;
  }
  return out;
}

export function parseBootTime(procStat: string): number | undefined {
  const m = /^btime (\d+)$/m.exec(procStat);
  return m ? Number(m[1]) : undefined;
}

export interface ProcessMetricsOptions {
  procfs?: string;
  /** client_golang 1.20+ (Pushgateway 1.10) adds network byte counters. */
  network?: boolean;
}

function parseNetDevTotals(text: string): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of text.split("\n").slice(2)) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const f = line.slice(colon + 1).trim().split(/\s+/);
    rx += Number(f[0]);
    tx += Number(f[8]);
  }
  return { rx, tx };
}

// The boot time never changes while mon runs: read the whole of <procfs>/stat
// for it once, not on every scrape.
const bootTimes = new Map<string, number | undefined>();

function bootTime(proc: string): number | undefined {
  if (!bootTimes.has(proc)) bootTimes.set(proc, parseBootTime(readFileSync(`${proc}/stat`, "latin1")));
  return bootTimes.get(proc);
}

export function collectProcessMetrics(out: FamilyBuilder, opts: ProcessMetricsOptions = {}): void {
  const proc = opts.procfs ?? "/proc";
  try {
    const stat = parseProcessStat(readFileSync(`${proc}/self/stat`, "latin1"));
    out.add(PROCESS_CPU_SECONDS_TOTAL, (stat.utimeTicks + stat.stimeTicks) / TICKS_PER_SECOND);
    out.add(PROCESS_RESIDENT_MEMORY_BYTES, stat.rssPages * PAGE_SIZE);
    out.add(PROCESS_VIRTUAL_MEMORY_BYTES, stat.vsizeBytes);
    const boot = bootTime(proc);
    if (boot !== undefined) {
      out.add(PROCESS_START_TIME_SECONDS, boot + stat.startTimeTicks / TICKS_PER_SECOND);
    }
  } catch {
    // No /proc (or a foreign layout): client_golang also just omits these.
  }
  try {
    out.add(PROCESS_OPEN_FDS, readdirSync(`${proc}/self/fd`).length);
    const limits = parseProcessLimits(readFileSync(`${proc}/self/limits`, "latin1"));
    if (limits.maxOpenFiles !== undefined) {
      out.add(PROCESS_MAX_FDS, limits.maxOpenFiles);
    }
    if (limits.maxAddressSpace !== undefined) {
      out.add(PROCESS_VIRTUAL_MEMORY_MAX_BYTES, limits.maxAddressSpace);
    }
  } catch {
    // Same as above.
  }
  if (opts.network) {
    try {
      const { rx, tx } = parseNetDevTotals(readFileSync(`${proc}/self/net/dev`, "latin1"));
      out.add(PROCESS_NETWORK_RECEIVE_BYTES_TOTAL, rx);
      out.add(PROCESS_NETWORK_TRANSMIT_BYTES_TOTAL, tx);
    } catch {
      // Same as above.
    }
  }
}
