// What the perf collector counts, as node_exporter 1.8.2 (with perf-utils
// v0.7.0) does: the event tables, the struct perf_event_attr it passes to
// perf_event_open(2), the read(2) layouts, and its flag syntaxes. Pure code;
// the syscalls are in perf-syscall.ts.
//
// struct perf_event_attr, PERF_ATTR_SIZE_VER5 = 112 bytes (all kernels >= 4.1
// accept it; newer fields stay zero):
//   0 type u32 | 4 size u32 | 8 config u64 | 16 sample_period u64
//   24 sample_type u64 | 32 read_format u64 | 40 flag bits u64
//   48 wakeup_events u32 | 52 bp_type u32 | 56 config1 u64 | 64 config2 u64
//   72 branch_sample_type u64 | 80 sample_regs_user u64
//   88 sample_stack_user u32 | 92 clockid i32 | 96 sample_regs_intr u64
//   104 aux_watermark u32 | 108 sample_max_stack u16 | 110 reserved u16

export const PERF_ATTR_SIZE = 112;

export const PERF_TYPE_HARDWARE = 0;
export const PERF_TYPE_SOFTWARE = 1;
export const PERF_TYPE_TRACEPOINT = 2;
export const PERF_TYPE_HW_CACHE = 3;

export const PERF_FORMAT_TOTAL_TIME_ENABLED = 1;
export const PERF_FORMAT_TOTAL_TIME_RUNNING = 2;
export const PERF_FORMAT_GROUP = 8;
export const PERF_SAMPLE_IDENTIFIER = 1 << 16;

export const ATTR_DISABLED = 1 << 0;
export const ATTR_INHERIT = 1 << 1;
export const ATTR_EXCLUDE_HV = 1 << 6;

export interface PerfEventAttr {
  type: number;
  config: bigint;
  readFormat: number;
  /** The bitfield word at offset 40 (disabled, inherit, exclude_hv...). */
  flags: number;
}

export function encodePerfEventAttr(a: PerfEventAttr): Uint8Array {
  const buf = new Uint8Array(PERF_ATTR_SIZE);
  const v = new DataView(buf.buffer);
  v.setUint32(0, a.type, true);
  v.setUint32(4, PERF_ATTR_SIZE, true);
  v.setBigUint64(8, a.config, true);
  v.setBigUint64(24, BigInt(PERF_SAMPLE_IDENTIFIER), true);
  v.setBigUint64(32, BigInt(a.readFormat), true);
  v.setBigUint64(40, BigInt(a.flags), true);
  return buf;
}

/** perf-utils' per-event counter: disabled until enabled, inherited by children, hypervisor excluded. */
export function counterAttr(type: number, config: bigint): PerfEventAttr {
  return {
    type,
    config,
    readFormat: PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING,
    flags: ATTR_DISABLED | ATTR_INHERIT | ATTR_EXCLUDE_HV,
  };
}

/** A tracepoint group member; the leader starts disabled and reads the whole group. */
export function tracepointAttr(id: bigint, leader: boolean): PerfEventAttr {
  return {
    type: PERF_TYPE_TRACEPOINT,
    config: id,
    readFormat: PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING | PERF_FORMAT_GROUP,
    flags: leader ? ATTR_DISABLED | ATTR_EXCLUDE_HV : ATTR_EXCLUDE_HV,
  };
}

/** read(2) of a single counter: value, time_enabled, time_running; the collector reports the raw value. */
export function decodeCounterRead(buf: Uint8Array): bigint {
  if (buf.length < 24) throw new Error(`perf counter read returned ${buf.length} bytes, want 24`);
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getBigUint64(0, true);
}

/** read(2) of a group leader: nr, time_enabled, time_running, then nr values. */
export function decodeGroupRead(buf: Uint8Array, members: number): bigint[] {
  const want = 24 + 8 * members;
  if (buf.length < want) throw new Error(`perf group read returned ${buf.length} bytes, want ${want}`);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: bigint[] = [];
  for (let i = 0; i < members; i++) out.push(v.getBigUint64(24 + 8 * i, true));
  return out;
}

export interface PerfEvent {
  /** The profiler name the --collector.perf.*-profilers flags use. */
  profiler: string;
  type: number;
  config: bigint;
  /** Metric name without the node_perf_ prefix. */
  metric: string;
  help: string;
}

const hw = (profiler: string, config: number, metric: string, help: string): PerfEvent => ({
  profiler,
  type: PERF_TYPE_HARDWARE,
  config: BigInt(config),
  metric,
  help,
});
const sw = (profiler: string, config: number, metric: string, help: string): PerfEvent => ({
  profiler,
  type: PERF_TYPE_SOFTWARE,
  config: BigInt(config),
  metric,
  help,
});
// Cache events: cache id | op << 8 | result << 16 (op read 0, write 1; result access 0, miss 1).
const cache = (profiler: string, id: number, op: number, result: number, metric: string, help: string): PerfEvent => ({
  profiler,
  type: PERF_TYPE_HW_CACHE,
  config: BigInt(id | (op << 8) | (result << 16)),
  metric,
  help,
});
const [L1D, L1I, LL, DTLB, ITLB, BPU] = [0, 1, 2, 3, 4, 5];
const [READ, WRITE] = [0, 1];
const [ACCESS, MISS] = [0, 1];

export const HARDWARE_EVENTS: PerfEvent[] = [
  hw("CpuCycles", 0, "cpucycles_total", "Number of CPU cycles (frequency scaled)"),
  hw("CpuInstr", 1, "instructions_total", "Number of CPU instructions"),
  hw("CacheRef", 2, "cache_refs_total", "Number of cache references (non frequency scaled)"),
  hw("CacheMisses", 3, "cache_misses_total", "Number of cache misses"),
  hw("BranchInstr", 4, "branch_instructions_total", "Number of CPU branch instructions"),
  hw("BranchMisses", 5, "branch_misses_total", "Number of CPU branch misses"),
  hw("StalledCyclesFrontend", 7, "stalled_cycles_frontend_total", "Number of stalled frontend CPU cycles"),
  hw("StalledCyclesBackend", 8, "stalled_cycles_backend_total", "Number of stalled backend CPU cycles"),
  hw("RefCpuCycles", 9, "ref_cpucycles_total", "Number of CPU cycles"),
];

export const SOFTWARE_EVENTS: PerfEvent[] = [
  sw("PageFault", 2, "page_faults_total", "Number of page faults"),
  sw("ContextSwitch", 3, "context_switches_total", "Number of context switches"),
  sw("CpuMigration", 4, "cpu_migrations_total", "Number of CPU process migrations"),
  sw("MinorFault", 5, "minor_faults_total", "Number of minor page faults"),
  sw("MajorFault", 6, "major_faults_total", "Number of major page faults"),
];

export const CACHE_EVENTS: PerfEvent[] = [
  cache("L1DataReadHit", L1D, READ, ACCESS, "cache_l1d_read_hits_total", "Number L1 data cache read hits"),
  cache("L1DataReadMiss", L1D, READ, MISS, "cache_l1d_read_misses_total", "Number L1 data cache read misses"),
  cache("L1DataWriteHit", L1D, WRITE, ACCESS, "cache_l1d_write_hits_total", "Number L1 data cache write hits"),
  cache("L1InstrReadMiss", L1I, READ, MISS, "cache_l1_instr_read_misses_total", "Number instruction L1 instruction read misses"),
  cache("InstrTLBReadHit", ITLB, READ, ACCESS, "cache_tlb_instr_read_hits_total", "Number instruction TLB read hits"),
  cache("InstrTLBReadMiss", ITLB, READ, MISS, "cache_tlb_instr_read_misses_total", "Number instruction TLB read misses"),
  // Data TLB since node_exporter 1.10 (#3436).
  cache("DataTLBReadHit", DTLB, READ, ACCESS, "cache_tlb_data_read_hits_total", "Number of data TLB read hits"),
  cache("DataTLBReadMiss", DTLB, READ, MISS, "cache_tlb_data_read_misses_total", "Number of data TLB read misses"),
  cache("DataTLBWriteHit", DTLB, WRITE, ACCESS, "cache_tlb_data_write_hits_total", "Number of data TLB write hits"),
  cache("DataTLBWriteMiss", DTLB, WRITE, MISS, "cache_tlb_data_write_misses_total", "Number of data TLB write misses"),
  cache("LLReadHit", LL, READ, ACCESS, "cache_ll_read_hits_total", "Number last level read hits"),
  cache("LLReadMiss", LL, READ, MISS, "cache_ll_read_misses_total", "Number last level read misses"),
  cache("LLWriteHit", LL, WRITE, ACCESS, "cache_ll_write_hits_total", "Number last level write hits"),
  cache("LLWriteMiss", LL, WRITE, MISS, "cache_ll_write_misses_total", "Number last level write misses"),
  cache("BPUReadHit", BPU, READ, ACCESS, "cache_bpu_read_hits_total", "Number BPU read hits"),
  cache("BPUReadMiss", BPU, READ, MISS, "cache_bpu_read_misses_total", "Number BPU read misses"),
];

/**
 * The events a --collector.perf.*-profilers list selects: the named ones it
 * knows, or all of them when the list is empty or names none it knows
 * (upstream ORs known names into an "all" value of 0).
 */
export function selectEvents(all: readonly PerfEvent[], names: readonly string[]): PerfEvent[] {
  const chosen = all.filter((e) => names.includes(e.profiler));
  return chosen.length > 0 ? chosen : [...all];
}

function atoi(s: string, flag: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`--collector.perf.cpus: strconv.Atoi: parsing "${s}": invalid syntax (in "${flag}")`);
  return Number(s);
}

/**
 * --collector.perf.cpus: "0,2,4-7" or with a stride "0-10:5" (which yields
 * 0, 5, 10), as upstream's perfCPUFlagToCPUs reads it.
 */
export function parseCpuList(flag: string): number[] {
  const cpus: number[] = [];
  for (const subset of flag.split(",")) {
    if (!subset.includes("-")) {
      cpus.push(atoi(subset, flag));
      continue;
    }
    const strideSet = subset.split(":");
    let stride = 1;
    if (strideSet.length === 2) stride = atoi(strideSet[1], flag);
    if (stride <= 0) throw new Error(`--collector.perf.cpus: stride must be positive in "${flag}"`);
    const range = strideSet[0].split("-");
    if (range.length !== 2) throw new Error(`invalid flag value "${flag}"`);
    const start = atoi(range[0], flag);
    const end = atoi(range[1], flag);
    for (let i = start; i <= end; i += stride) cpus.push(i);
  }
  return cpus;
}

export interface Tracepoint {
  subsystem: string;
  event: string;
}

/** --collector.perf.tracepoint values "subsystem:event". */
export function parseTracepoints(values: readonly string[]): Tracepoint[] {
  return values.map((v) => {
    const parts = v.split(":");
    if (parts.length !== 2) throw new Error(`invalid tracepoint config ${v}`);
    return { subsystem: parts[0], event: parts[1] };
  });
}

/** The first tracefs mount point listed in /proc/mounts, as perf-utils finds it. */
export function tracefsMountPoint(procMounts: string): string | undefined {
  for (const line of procMounts.split("\n")) {
    const f = line.split(" ");
    if (f.length > 3 && f[2] === "tracefs") return f[1];
  }
  return undefined;
}
