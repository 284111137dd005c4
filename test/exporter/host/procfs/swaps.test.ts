import { expect, test } from "bun:test";
import { swapCollector } from "../../../../src/exporter/collectors/swap.ts";
import { parseSwaps } from "../../../../src/exporter/host/procfs/swaps.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const SWAPS = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/dm-1 partition\t8388604\t\t1024\t\t-2\n/swapfile file 1048576 0 10\n";

test("parseSwaps: header skipped, KiB and priority", () => {
  expect(parseSwaps(SWAPS)).toEqual([
    { filename: "/dev/dm-1", type: "partition", sizeKiB: 8388604, usedKiB: 1024, priority: -2 },
    { filename: "/swapfile", type: "file", sizeKiB: 1048576, usedKiB: 0, priority: 10 },
  ]);
  expect(parseSwaps("Filename Type Size Used Priority\n")).toEqual([]);
});

test.each([
  ["/dev/x partition 1 2\n", "too few fields"],
  ["/dev/x partition big 2 3\n", "invalid swap size"],
  ["/dev/x partition 1 2 high\n", "invalid swap priority"],
])("rejects %p", (line, message) => {
  expect(() => parseSwaps(`header\n${line}`)).toThrow(message);
});

test("collector: bytes per device and type", async () => {
  const t = makeHostTree({ "proc/swaps": SWAPS });
  try {
    const text = await collectorScraper(swapCollector, t.paths)();
    expect(text).toContain('node_swap_size_bytes{device="/dev/dm-1",swap_type="partition"} 8.589930496e+09\n');
    expect(text).toContain('node_swap_used_bytes{device="/dev/dm-1",swap_type="partition"} 1.048576e+06\n');
    expect(text).toContain('node_swap_priority{device="/swapfile",swap_type="file"} 10\n');
  } finally {
    t.remove();
  }
});
