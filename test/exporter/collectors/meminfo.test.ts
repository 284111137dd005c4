import { afterAll, describe, expect, test } from "bun:test";
import { meminfoCollector } from "../../../src/exporter/collectors/meminfo.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const tree = makeHostTree({ "proc/meminfo": "MemTotal: 4 kB\nHugePages_Free: 3\nFoo_total: 9\n" });
afterAll(() => tree.remove());

describe("meminfo collector", async () => {
  const mem = await collectorScraper(meminfoCollector, tree.paths)();
  const present: [string, string][] = [
    ["kB to bytes", "node_memory_MemTotal_bytes 4096"],
    ["unitless gauge", "# TYPE node_memory_HugePages_Free gauge"],
    ["help names the field", "# HELP node_memory_HugePages_Free Memory information field HugePages_Free."],
    ["_total is a counter", "# TYPE node_memory_Foo_total counter"],
  ];
  test.each(present)("%s", (_name, line) => {
    expect(mem.split("\n")).toContain(line);
  });
  test("meminfo error is prefixed as upstream", async () => {
    const bad = makeHostTree({ "proc/meminfo": "X: y kB\n" });
    try {
      await expect(collectorScraper(meminfoCollector, bad.paths)()).rejects.toThrow("couldn't get meminfo:");
    } finally {
      bad.remove();
    }
  });
});
