import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerfCollector, createPerfCollector, perfCollector, perfConfig } from "../../../src/exporter/collectors/perf.ts";
import { Paths } from "../../../src/exporter/paths.ts";
import { type PerfSys, PerfSyscallError, kernelPerfSys } from "../../../src/exporter/kernel/perf-syscall.ts";
import { collectorOptions } from "../../support/host-tree.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { normalizeFamilies, writeText } from "../../../src/metrics/text-writer.ts";

const options = (args: string[]) => collectorOptions(perfCollector, args).options;

/** A stand-in kernel: refuses event types listed in `refuse` with an errno; counters read as fd * 1000. */
class FakeKernel implements PerfSys {
  next = 10;
  opened: { type: number; config: bigint; cpu: number; group: number; fd: number }[] = [];
  enabled: [number, number][] = [];
  closed: number[] = [];
  constructor(private readonly refuse: Map<number, number>) {}
  open(attr: Uint8Array, pid: number, cpu: number, groupFd: number): number {
    const v = new DataView(attr.buffer);
    const type = v.getUint32(0, true);
    const errno = this.refuse.get(type);
    if (errno !== undefined) throw new PerfSyscallError("perf_event_open", errno, "refused");
    expect(pid).toBe(-1);
    const fd = this.next++;
    this.opened.push({ type, config: v.getBigUint64(8, true), cpu, group: groupFd, fd });
    return fd;
  }
  enable(fd: number, flags: number): void {
    this.enabled.push([fd, flags]);
  }
  read(fd: number, buf: Uint8Array): number {
    const v = new DataView(buf.buffer, buf.byteOffset);
    const members = this.opened.filter((o) => o.group === fd);
    if (buf.length > 24) {
      v.setBigUint64(0, BigInt(members.length + 1), true);
      [fd, ...members.map((m) => m.fd)].forEach((f, i) => v.setBigUint64(24 + 8 * i, BigInt(f * 1000), true));
      return 24 + 8 * (members.length + 1);
    }
    v.setBigUint64(0, BigInt(fd * 1000), true);
    return 24;
  }
  close(fd: number): void {
    this.closed.push(fd);
  }
}

let root: string;
let paths: Paths;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mon-perf-"));
  mkdirSync(join(root, "proc", "sys", "kernel"), { recursive: true });
  writeFileSync(join(root, "proc", "sys", "kernel", "perf_event_paranoid"), "2\n");
  const tracefs = join(root, "tracing");
  for (const [ev, id] of [["sched/sched_switch", "316"], ["irq/irq_handler_entry", "45"]]) {
    mkdirSync(join(tracefs, "events", ev), { recursive: true });
    writeFileSync(join(tracefs, "events", ev, "id"), `${id}\n`);
  }
  writeFileSync(join(root, "proc", "mounts"), `proc /proc proc rw 0 0\ntracefs ${tracefs} tracefs rw 0 0\n`);
  paths = new Paths({ procfs: join(root, "proc"), sysfs: join(root, "sys"), rootfs: root, udevData: join(root, "udev") });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scrape(c: PerfCollector): Promise<string> {
  const out = new FamilyBuilder();
  await c.update(out);
  return writeText(normalizeFamilies(out.build()));
}

describe("perf collector with a stand-in kernel", () => {
  test("no hardware PMU: software counters only, opened once and enabled", async () => {
    const k = new FakeKernel(new Map([[0, 2], [3, 2]])); // hardware and cache: ENOENT
    const c = createPerfCollector(options(["--collector.perf.cpus=0-1", "--collector.perf.software-profilers=ContextSwitch", "--collector.perf.software-profilers=MajorFault"]), paths, silentLogger, () => k);
    const text = await scrape(c);
    expect(text).toBe(`# HELP node_perf_context_switches_total Number of context switches
# TYPE node_perf_context_switches_total counter
node_perf_context_switches_total{cpu="0"} 10000
node_perf_context_switches_total{cpu="1"} 12000
# HELP node_perf_major_faults_total Number of major page faults
# TYPE node_perf_major_faults_total counter
node_perf_major_faults_total{cpu="0"} 11000
node_perf_major_faults_total{cpu="1"} 13000
`);
    expect(k.opened.map((o) => [o.config, o.cpu])).toEqual([[3n, 0], [6n, 0], [3n, 1], [6n, 1]]);
    expect(k.enabled).toEqual([[10, 0], [11, 0], [12, 0], [13, 0]]);
    await scrape(c);
    expect(k.opened.length).toBe(4);
  });

  test("everything refused: the scrape fails with the reason, and retries next time", async () => {
    const k = new FakeKernel(new Map([[0, 13], [1, 13], [3, 13]]));
    const c = createPerfCollector(options(["--collector.perf.cpus=0"]), paths, silentLogger, () => k);
    await expect(scrape(c)).rejects.toThrow(
      "perf_event_open failed for all 30 counters: EACCES: not permitted (kernel.perf_event_paranoid=2;",
    );
    await expect(scrape(c)).rejects.toThrow("perf_event_open failed");
  });

  test("disabled profiler kinds are not opened", async () => {
    const k = new FakeKernel(new Map());
    const c = createPerfCollector(
      options(["--collector.perf.cpus=2", "--collector.perf.disable-hardware-profilers", "--collector.perf.disable-software-profilers", "--collector.perf.cache-profilers=LLReadMiss"]),
      paths,
      silentLogger,
      () => k,
    );
    expect(await scrape(c)).toBe(`# HELP node_perf_cache_ll_read_misses_total Number last level read misses
# TYPE node_perf_cache_ll_read_misses_total counter
node_perf_cache_ll_read_misses_total{cpu="2"} 10000
`);
  });

  test("tracepoints: one group per CPU, leader enabled with the group flag", async () => {
    const k = new FakeKernel(new Map());
    const c = createPerfCollector(
      options([
        "--collector.perf.cpus=0",
        "--collector.perf.disable-hardware-profilers",
        "--collector.perf.disable-software-profilers",
        "--collector.perf.disable-cache-profilers",
        "--collector.perf.tracepoint=sched:sched_switch",
        "--collector.perf.tracepoint=irq:irq_handler_entry",
      ]),
      paths,
      silentLogger,
      () => k,
    );
    expect(await scrape(c)).toBe(`# HELP node_perf_irq_irq_handler_entry Perf tracepoint irq:irq_handler_entry
# TYPE node_perf_irq_irq_handler_entry counter
node_perf_irq_irq_handler_entry{cpu="0"} 11000
# HELP node_perf_sched_sched_switch Perf tracepoint sched:sched_switch
# TYPE node_perf_sched_sched_switch counter
node_perf_sched_sched_switch{cpu="0"} 10000
`);
    expect(k.opened.map((o) => [o.type, o.config, o.group])).toEqual([[2, 316n, -1], [2, 45n, 10]]);
    expect(k.enabled).toEqual([[10, 1]]);
  });

  test("an unknown tracepoint fails the scrape and closes what was opened", async () => {
    const k = new FakeKernel(new Map());
    const c = createPerfCollector(options(["--collector.perf.cpus=0", "--collector.perf.tracepoint=nope:nothing"]), paths, silentLogger, () => k);
    await expect(scrape(c)).rejects.toThrow("Failed to get tracepoint config for nope:nothing");
    expect(k.closed.length).toBe(30);
  });

  test("bad flag values fail at start", () => {
    expect(() => perfConfig(options(["--collector.perf.cpus=x"]), 2)).toThrow('parsing "x"');
    expect(() => perfConfig(options(["--collector.perf.tracepoint=sched"]), 2)).toThrow("invalid tracepoint config sched");
    expect(perfConfig(options([]), 3).cpus).toEqual([0, 1, 2]);
  });
});

/**
 * Why this process may not count software context switches on CPU 0, or
 * undefined when it may: asked of the kernel with a hand-built attr, apart
 * from the collector's own encoding.
 */
function kernelRefusesContextSwitches(): string | undefined {
  const attr = new Uint8Array(112);
  const v = new DataView(attr.buffer);
  v.setUint32(0, 1, true); // PERF_TYPE_SOFTWARE
  v.setUint32(4, attr.length, true);
  v.setBigUint64(8, 3n, true); // PERF_COUNT_SW_CONTEXT_SWITCHES
  const sys = kernelPerfSys();
  try {
    sys.close(sys.open(attr, -1, 0, -1));
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const contextSwitchesOf = (text: string) => Number(/^node_perf_context_switches_total\{cpu="0"\} (\S+)$/m.exec(text)?.[1]);

describe("perf collector on this machine's kernel", () => {
  const refusal = kernelRefusesContextSwitches();
  test("software context switches on CPU 0 count up when the kernel allows them, else a clear refusal", async () => {
    const c = createPerfCollector(
      options(["--collector.perf.cpus=0", "--collector.perf.disable-hardware-profilers", "--collector.perf.disable-cache-profilers", "--collector.perf.software-profilers=ContextSwitch"]),
      new Paths({ procfs: "/proc", sysfs: "/sys", rootfs: "/", udevData: "/run/udev/data" }),
      silentLogger,
      kernelPerfSys,
    );
    if (refusal !== undefined) {
      console.warn(`perf: the kernel refuses a context-switch counter here (${refusal}); checking the collector's refusal`);
      await expect(scrape(c)).rejects.toThrow("perf_event_open failed for all 1 counters");
      return;
    }
    const before = contextSwitchesOf(await scrape(c));
    // A process that sleeps on CPU 0 is switched out and in there at least once.
    expect(Bun.spawnSync(["taskset", "-c", "0", "sleep", "0.01"]).exitCode).toBe(0);
    const after = contextSwitchesOf(await scrape(c));
    expect(Number.isInteger(before)).toBe(true);
    expect(after).toBeGreaterThan(before);
  });
});

describe("perf collector start", () => {
  test("prepare opens the counters once; a refusal is retried at the scrape", async () => {
    const k = new FakeKernel(new Map([[0, 2], [3, 2]]));
    const c = createPerfCollector(options(["--collector.perf.cpus=0", "--collector.perf.software-profilers=PageFault"]), paths, silentLogger, () => k);
    c.prepare();
    expect(k.opened.length).toBe(1);
    await scrape(c);
    expect(k.opened.length).toBe(1);

    const refusing = new FakeKernel(new Map([[0, 1], [1, 1], [3, 1]]));
    const r = createPerfCollector(options(["--collector.perf.cpus=0"]), paths, silentLogger, () => refusing);
    expect(() => r.prepare()).not.toThrow();
    await expect(scrape(r)).rejects.toThrow("EPERM: not permitted");
  });
});
