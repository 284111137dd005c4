import { expect, test } from "bun:test";
import { kernelHungCollector } from "../../../src/exporter/collectors/kernel-hung.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

async function scrape(files: Record<string, string>): Promise<string> {
  const tree = makeHostTree(files);
  try {
    return await collectorScraper(kernelHungCollector, tree.paths)();
  } finally {
    tree.remove();
  }
}

test("hung_task_detect_count becomes a counter", async () => {
  expect(await scrape({ "proc/sys/kernel/hung_task_detect_count": "42\n" })).toBe(
    "# HELP node_kernel_hung_tasks_total Total number of tasks that have been detected as hung since the system booted.\n" +
      "# TYPE node_kernel_hung_tasks_total counter\nnode_kernel_hung_tasks_total 42\n",
  );
});

test("a kernel without hung task detection is no data", async () => {
  await expect(scrape({})).rejects.toThrow("collector returned no data");
});

test("a malformed count fails and names the file", async () => {
  await expect(scrape({ "proc/sys/kernel/hung_task_detect_count": "-1\n" })).rejects.toThrow(/hung_task_detect_count: not an unsigned/);
});
