// node_exporter's perf collector: system-wide hardware, software and cache
// counters per CPU, and optional tracepoint counts, read from perf_event_open
// file descriptors opened once and kept.
//
// Where mon differs on purpose: node_exporter opens the counters at start and
// silently exports nothing when the kernel refuses them all (containers,
// perf_event_paranoid). mon also opens them at start, but while none can be
// opened each scrape fails with the reason (errno, paranoid level) and
// retries.

import { availableParallelism } from "node:os";
import { type TypedFlagValues, defineFlags } from "../../flags/flag-table.ts";
import type { Logger } from "../../telemetry/logger.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { type MetricDesc, metricDesc } from "../../metrics/metric-desc.ts";
import { defineCollector } from "../collector.ts";
import { readTextIfExists } from "../host/host-fs.ts";
import type { Paths } from "../paths.ts";
import {
  CACHE_EVENTS,
  HARDWARE_EVENTS,
  type PerfEvent,
  SOFTWARE_EVENTS,
  type Tracepoint,
  counterAttr,
  decodeCounterRead,
  decodeGroupRead,
  encodePerfEventAttr,
  parseCpuList,
  parseTracepoints,
  selectEvents,
  tracefsMountPoint,
  tracepointAttr,
} from "../kernel/perf-events.ts";
import { errnoName } from "../kernel/libc.ts";
import { PERF_IOC_FLAG_GROUP, type PerfSys, PerfSyscallError, kernelPerfSys } from "../kernel/perf-syscall.ts";
import { PERF_OPTIONS } from "./options/perf.ts";

export type PerfOptions = TypedFlagValues<typeof PERF_OPTIONS>;

export interface PerfConfig {
  cpus: number[];
  events: PerfEvent[];
  tracepoints: Tracepoint[];
}

/** The CPUs, events and tracepoints the flags ask for; bad flag values are an error at start, as upstream. */
export function perfConfig(options: PerfOptions, numCpu: number): PerfConfig {
  const cpus = options.cpus !== "" ? parseCpuList(options.cpus) : Array.from({ length: numCpu }, (_, i) => i);
  const events = [
    ...(options.noHw ? [] : selectEvents(HARDWARE_EVENTS, options.hw)),
    ...(options.noSw ? [] : selectEvents(SOFTWARE_EVENTS, options.sw)),
    ...(options.noCache ? [] : selectEvents(CACHE_EVENTS, options.cache)),
  ];
  return { cpus, events, tracepoints: parseTracepoints(options.tracepoint) };
}

interface Counter {
  event: PerfEvent;
  desc: MetricDesc<"cpu">;
  cpu: string;
  fd: number;
}

/** The metric of each chosen event and tracepoint, declared when the flags are read. */
function perfEventDesc(event: PerfEvent): MetricDesc<"cpu"> {
  return metricDesc(`node_perf_${event.metric}`, "counter", event.help, ["cpu"]);
}

function tracepointDesc(t: Tracepoint): MetricDesc<"cpu"> {
  return metricDesc(`node_perf_${t.subsystem}_${t.event}`, "counter", `Perf tracepoint ${t.subsystem}:${t.event}`, ["cpu"]);
}

interface Group {
  cpu: string;
  leader: number;
  tracepoints: Tracepoint[];
}

/** A sentence on why perf_event_open refused, for the log and the scrape error. */
export function explainErrno(errno: number, paranoid: string | undefined): string {
  const name = errnoName(errno);
  if (name === "EACCES" || name === "EPERM") {
    return `${name}: not permitted (kernel.perf_event_paranoid=${paranoid ?? "?"}; system-wide counters need CAP_PERFMON or CAP_SYS_ADMIN, or perf_event_paranoid <= 0; a container's seccomp profile may forbid perf_event_open)`;
  }
  if (name === "ENOENT" || name === "EOPNOTSUPP") return `${name}: event not supported by this CPU or kernel (virtual machines often have no hardware PMU)`;
  if (name === "ENOSYS") return `${name}: kernel built without perf events`;
  if (name === "ENODEV") return `${name}: no such CPU or PMU`;
  return name;
}

export class PerfCollector {
  private counters?: Counter[];
  private groups: Group[] = [];
  private readonly buf = new Uint8Array(24);
  private readonly eventDescs: ReadonlyMap<PerfEvent, MetricDesc<"cpu">>;
  /** In the order of config.tracepoints, which every group reads in. */
  private readonly tracepointDescs: readonly MetricDesc<"cpu">[];

  constructor(
    private readonly config: PerfConfig,
    private readonly sys: () => PerfSys,
    private readonly paths: Paths,
    private readonly logger: Logger,
  ) {
    this.eventDescs = new Map(config.events.map((e) => [e, perfEventDesc(e)]));
    this.tracepointDescs = config.tracepoints.map(tracepointDesc);
  }

  private paranoid(): string | undefined {
    return readTextIfExists(this.paths.proc("sys", "kernel", "perf_event_paranoid"))?.trim();
  }

  /** Opens every counter it can; throws (closing what it opened) when none could be opened or a tracepoint fails. */
  private open(sys: PerfSys): void {
    const counters: Counter[] = [];
    const failures = new Map<number, string[]>();
    for (const cpu of this.config.cpus) {
      for (const event of this.config.events) {
        try {
          counters.push({ event, desc: this.eventDescs.get(event) as MetricDesc<"cpu">, cpu: String(cpu), fd: sys.open(encodePerfEventAttr(counterAttr(event.type, event.config)), -1, cpu, -1) });
        } catch (err) {
          if (!(err instanceof PerfSyscallError)) throw err;
          const list = failures.get(err.errno) ?? [];
          list.push(`${event.profiler}@cpu${cpu}`);
          failures.set(err.errno, list);
        }
      }
    }
    const closeAll = () => {
      for (const c of counters) sys.close(c.fd);
      for (const g of this.groups) sys.close(g.leader);
      this.groups = [];
    };
    const paranoid = this.paranoid();
    const summary = [...failures].map(([errno, events]) => `${explainErrno(errno, paranoid)} for ${events.length} (${events.slice(0, 3).join(", ")}${events.length > 3 ? ", ..." : ""})`);
    if (counters.length === 0 && this.config.events.length > 0) {
      throw new Error(`perf_event_open failed for all ${this.config.events.length * this.config.cpus.length} counters: ${summary.join("; ")}`);
    }
    if (failures.size > 0) this.logger.info("some perf counters are unavailable", { reasons: summary.join("; ") });
    try {
      if (this.config.tracepoints.length > 0) this.openTracepoints(sys);
      for (const c of counters) sys.enable(c.fd, 0);
      for (const g of this.groups) sys.enable(g.leader, PERF_IOC_FLAG_GROUP);
    } catch (err) {
      closeAll();
      if (err instanceof PerfSyscallError) {
        throw new Error(`${err.call}: ${explainErrno(err.errno, paranoid)}`, { cause: err });
      }
      throw err;
    }
    this.counters = counters;
  }

  private openTracepoints(sys: PerfSys): void {
    const mounts = readTextIfExists(this.paths.proc("mounts")) ?? "";
    const tracefs = tracefsMountPoint(mounts);
    if (!tracefs) throw new Error("perf tracepoints: Mount for tracefs not mounted");
    const ids = this.config.tracepoints.map((t) => {
      const file = `${tracefs}/events/${t.subsystem}/${t.event}/id`;
      const text = readTextIfExists(file)?.trim();
      if (text === undefined || !/^\d+$/.test(text)) throw new Error(`Failed to get tracepoint config for ${t.subsystem}:${t.event}: ${file}`);
      return BigInt(text);
    });
    for (const cpu of this.config.cpus) {
      const leader = sys.open(encodePerfEventAttr(tracepointAttr(ids[0], true)), -1, cpu, -1);
      this.groups.push({ cpu: String(cpu), leader, tracepoints: this.config.tracepoints });
      for (const id of ids.slice(1)) sys.open(encodePerfEventAttr(tracepointAttr(id, false)), -1, cpu, leader);
    }
  }

  /**
   * Opens the counters at start, as upstream does, so that they count from
   * start; a failure here is logged and the first scrape retries.
   */
  prepare(): void {
    try {
      this.open(this.sys());
    } catch (err) {
      this.logger.warn("perf counters could not be opened; each scrape will retry", { err });
    }
  }

  update(out: FamilyBuilder): void {
    if (!this.counters) this.open(this.sys());
    const sys = this.sys();
    for (const c of this.counters ?? []) {
      const n = sys.read(c.fd, this.buf);
      const value = decodeCounterRead(this.buf.subarray(0, n));
      out.add(c.desc, Number(value), { cpu: c.cpu });
    }
    for (const g of this.groups) {
      const buf = new Uint8Array(24 + 8 * g.tracepoints.length);
      const n = sys.read(g.leader, buf);
      const values = decodeGroupRead(buf.subarray(0, n), g.tracepoints.length);
      for (let i = 0; i < g.tracepoints.length; i++) out.add(this.tracepointDescs[i], Number(values[i]), { cpu: g.cpu });
    }
  }
}

export function createPerfCollector(options: PerfOptions, paths: Paths, logger: Logger, sys: () => PerfSys): PerfCollector {
  return new PerfCollector(perfConfig(options, availableParallelism()), sys, paths, logger);
}

export const perfCollector = defineCollector({
  name: "perf",
  options: PERF_OPTIONS,
  create({ options, paths, logger }) {
    let sys: PerfSys | undefined;
    const c = createPerfCollector(options, paths, logger, () => {
      sys ??= kernelPerfSys();
      return sys;
    });
    c.prepare();
    return c;
  },
});
