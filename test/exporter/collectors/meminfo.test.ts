import { afterAll, describe, expect, test } from "bun:test";
import { meminfoCollector } from "../../../src/exporter/collectors/meminfo.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const tree = makeHostTree({
  "proc/meminfo": "MemTotal: 4 kB\nHugePages_Free: 3\nFoo_total: 9\nHugetlb: 0 kB\nActive(anon): 1 kB\nZswapped: 2 kB\n",
});
afterAll(() => tree.remove());

describe("meminfo collector", async () => {
  const mem = await collectorScraper(meminfoCollector, tree.paths)();
  const present: [string, string][] = [
    ["kB to bytes", "node_memory_MemTotal_bytes 4096"],
    ["unitless gauge", "# TYPE node_memory_HugePages_Free gauge"],
    ["help names the field", "# HELP node_memory_HugePages_Free Memory information field HugePages_Free."],
    ["parenthesised names", "node_memory_Active_anon_bytes 1024"],
    ["Zswapped (1.10.1)", "node_memory_Zswapped_bytes 2048"],
  ];
  test.each(present)("%s", (_name, line) => {
    expect(mem.split("\n")).toContain(line);
  });
  test("only the fields node_exporter 1.12.1 maps are reported", () => {
    expect(mem).not.toContain("Foo_total");
    expect(mem).not.toContain("Hugetlb");
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
