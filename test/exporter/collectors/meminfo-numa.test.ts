import { afterAll, describe, expect, test } from "bun:test";
import { meminfoNumaCollector } from "../../../src/exporter/collectors/meminfo-numa.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const n = "sys/devices/system/node/";
const tree = makeHostTree({
  [`${n}node0/meminfo`]: "Node 0 MemFree: 2 kB\n",
  [`${n}node0/numastat`]: "numa_hit 10\n",
  [`${n}node1/meminfo`]: "Node 1 MemFree: 3 kB\n",
  [`${n}node1/numastat`]: "numa_hit 20\n",
  [`${n}possible`]: "0-1\n",
});
const missing = makeHostTree({ [`${n}node0/meminfo`]: "Node 0 MemFree: 2 kB\n" });
afterAll(() => [tree, missing].forEach((t) => t.remove()));

describe("meminfo_numa collector", async () => {
  const text = await collectorScraper(meminfoNumaCollector, tree.paths)();
  const rows: [string, string][] = [
    ["meminfo gauge", 'node_memory_numa_MemFree{node="1"} 3072'],
    ["numastat counter", 'node_memory_numa_numa_hit_total{node="0"} 10'],
    ["counter type", "# TYPE node_memory_numa_numa_hit_total counter"],
    ["help", "# HELP node_memory_numa_MemFree Memory information field MemFree."],
  ];
  test.each(rows)("%s", (_name, line) => {
    expect(text.split("\n")).toContain(line);
  });
  test("missing numastat fails", async () => {
    await expect(collectorScraper(meminfoNumaCollector, missing.paths)()).rejects.toThrow("couldn't get NUMA meminfo: ");
  });
});
