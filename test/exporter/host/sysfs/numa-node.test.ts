import { describe, expect, test } from "bun:test";
import { type NumaValue, parseNodeMeminfo, parseNodeNumastat } from "../../../../src/exporter/host/sysfs/numa-node.ts";

describe("parseNodeMeminfo", () => {
  const rows: [string, string, NumaValue[]][] = [
    ["kB to bytes", "Node 0 MemTotal:       4 kB\n", [{ name: "MemTotal", node: "0", value: 4096, type: "gauge" }]],
    ["no unit", "Node 1 HugePages_Total:     2\n", [{ name: "HugePages_Total", node: "1", value: 2, type: "gauge" }]],
    ["parentheses", "Node 0 Active(anon):  1 kB\n", [{ name: "Active_anon", node: "0", value: 1024, type: "gauge" }]],
    ["blank lines", "\n  \n", []],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parseNodeMeminfo(text)).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["too short", "Node 0 MemTotal:\n", "line 1: invalid line in meminfo"],
    ["unknown unit", "Node 0 MemTotal: 1 MB\n", "invalid line in meminfo"],
    ["bad value", "Node 0 MemTotal: x kB\n", 'invalid value in meminfo: "x"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseNodeMeminfo(text)).toThrow(message);
  });
});

describe("parseNodeNumastat", () => {
  test("counters with _total", () => {
    expect(parseNodeNumastat("numa_hit 5\nother_node 0\n", "3")).toEqual([
      { name: "numa_hit_total", node: "3", value: 5, type: "counter" },
      { name: "other_node_total", node: "3", value: 0, type: "counter" },
    ]);
  });
  const bad: [string, string, string][] = [
    ["three fields", "numa_hit 1 2\n", "line scan did not return 2 fields"],
    ["bad value", "numa_hit x\n", 'invalid value in numastat: "x"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseNodeNumastat(text, "0")).toThrow(message);
  });
});
