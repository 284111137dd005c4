import { describe, expect, test } from "bun:test";
import {
  CACHE_EVENTS,
  HARDWARE_EVENTS,
  SOFTWARE_EVENTS,
  counterAttr,
  decodeCounterRead,
  decodeGroupRead,
  encodePerfEventAttr,
  parseCpuList,
  parseTracepoints,
  selectEvents,
  tracefsMountPoint,
  tracepointAttr,
} from "../../../src/exporter/kernel/perf-events.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");

describe("struct perf_event_attr", () => {
  test("a software counter: type, size, config, sample_type, read_format, flag bits; the rest zero", () => {
    const b = encodePerfEventAttr(counterAttr(1, 3n));
    expect(b.length).toBe(112);
    expect(hex(b.subarray(0, 48))).toBe(
      [
        "01 00 00 00", // type PERF_TYPE_SOFTWARE
        "70 00 00 00", // size 112
        "03 00 00 00 00 00 00 00", // config context switches
        "00 00 00 00 00 00 00 00", // sample_period
        "00 00 01 00 00 00 00 00", // sample_type PERF_SAMPLE_IDENTIFIER
        "03 00 00 00 00 00 00 00", // read_format TOTAL_TIME_ENABLED|RUNNING
        "43 00 00 00 00 00 00 00", // disabled|inherit|exclude_hv
      ].join(" "),
    );
    expect(b.subarray(48).every((x) => x === 0)).toBe(true);
  });

  const attrs: [string, ReturnType<typeof counterAttr>, number, bigint, number, number][] = [
    ["hardware cycles", counterAttr(0, 0n), 0, 0n, 3, 0x43],
    ["tracepoint leader", tracepointAttr(316n, true), 2, 316n, 11, 0x41],
    ["tracepoint member", tracepointAttr(317n, false), 2, 317n, 11, 0x40],
  ];
  test.each(attrs)("%s", (_name, attr, type, config, readFormat, flags) => {
    const v = new DataView(encodePerfEventAttr(attr).buffer);
    expect([v.getUint32(0, true), v.getBigUint64(8, true), Number(v.getBigUint64(32, true)), Number(v.getBigUint64(40, true))]).toEqual([
      type,
      config,
      readFormat,
      flags,
    ]);
  });
});

describe("read(2) layouts", () => {
  test("counter: value first", () => {
    const b = new Uint8Array(24);
    new DataView(b.buffer).setBigUint64(0, 123456789012n, true);
    new DataView(b.buffer).setBigUint64(8, 99n, true);
    expect(decodeCounterRead(b)).toBe(123456789012n);
    expect(() => decodeCounterRead(b.subarray(0, 8))).toThrow("want 24");
  });

  test("group: nr, times, then values", () => {
    const b = new Uint8Array(40);
    const v = new DataView(b.buffer);
    v.setBigUint64(0, 2n, true);
    v.setBigUint64(24, 7n, true);
    v.setBigUint64(32, 8n, true);
    expect(decodeGroupRead(b, 2)).toEqual([7n, 8n]);
    expect(() => decodeGroupRead(b, 3)).toThrow("want 48");
  });
});

describe("event tables", () => {
  const configs: [string, bigint][] = [
    ["L1DataReadHit", 0x0n],
    ["L1DataReadMiss", 0x10000n],
    ["L1DataWriteHit", 0x100n],
    ["L1InstrReadMiss", 0x10001n],
    ["InstrTLBReadMiss", 0x10004n],
    // Data TLB (node_exporter 1.10): cache id 3, op write 1 << 8, result miss 1 << 16.
    ["DataTLBWriteMiss", 0x10103n],
    ["LLWriteMiss", 0x10102n],
    ["BPUReadHit", 0x5n],
  ];
  test.each(configs)("cache %s config", (profiler, config) => {
    expect(CACHE_EVENTS.find((e) => e.profiler === profiler)?.config).toBe(config);
  });

  test("counts as upstream reports them", () => {
    expect([HARDWARE_EVENTS.length, SOFTWARE_EVENTS.length, CACHE_EVENTS.length]).toEqual([9, 5, 16]);
  });

  const selections: [string[], string[]][] = [
    [[], SOFTWARE_EVENTS.map((e) => e.profiler)],
    [["ContextSwitch", "MajorFault"], ["ContextSwitch", "MajorFault"]],
    [["Bogus"], SOFTWARE_EVENTS.map((e) => e.profiler)],
    [["Bogus", "PageFault"], ["PageFault"]],
  ];
  test.each(selections)("select %p", (names, want) => {
    expect(selectEvents(SOFTWARE_EVENTS, names).map((e) => e.profiler)).toEqual(want);
  });
});

describe("flag syntaxes", () => {
  const cpus: [string, number[]][] = [
    ["0", [0]],
    ["0,2", [0, 2]],
    ["1-3", [1, 2, 3]],
    ["0-10:5", [0, 5, 10]],
    ["1-10:5", [1, 6]],
    ["0,4-5", [0, 4, 5]],
  ];
  test.each(cpus)("cpus %p", (flag, want) => {
    expect(parseCpuList(flag)).toEqual(want);
  });

  const badCpus: [string, string][] = [
    ["a", 'parsing "a"'],
    ["1-2-3", "invalid flag value"],
    ["0-4:0", "stride must be positive"],
    ["0-x", 'parsing "x"'],
  ];
  test.each(badCpus)("rejects cpus %p", (flag, message) => {
    expect(() => parseCpuList(flag)).toThrow(message);
  });

  test("tracepoints", () => {
    expect(parseTracepoints(["sched:sched_switch", "irq:irq_handler_entry"])).toEqual([
      { subsystem: "sched", event: "sched_switch" },
      { subsystem: "irq", event: "irq_handler_entry" },
    ]);
    expect(() => parseTracepoints(["sched"])).toThrow("invalid tracepoint config sched");
    expect(() => parseTracepoints(["a:b:c"])).toThrow("invalid tracepoint config a:b:c");
  });

  test("tracefs mount point from /proc/mounts", () => {
    const mounts = "proc /proc proc rw 0 0\ntracefs /sys/kernel/tracing tracefs rw 0 0\ntracefs /sys/kernel/debug/tracing tracefs rw 0 0\n";
    expect(tracefsMountPoint(mounts)).toBe("/sys/kernel/tracing");
    expect(tracefsMountPoint("proc /proc proc rw 0 0\n")).toBeUndefined();
  });
});
