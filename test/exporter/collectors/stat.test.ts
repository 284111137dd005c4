import { afterAll, describe, expect, test } from "bun:test";
import { statCollector } from "../../../src/exporter/collectors/stat.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const tree = makeHostTree({
  "proc/stat": "cpu 1 2 3 4\nintr 100 1 2\nctxt 200\nbtime 1500000000\nprocesses 300\nprocs_running 4\nprocs_blocked 5\nsoftirq 66 1 2 3 4 5 6 7 8 9 10\n",
});
afterAll(() => tree.remove());

describe("stat collector", async () => {
  const plain = await collectorScraper(statCollector, tree.paths)();
  const softirq = await collectorScraper(statCollector, tree.paths, ["--collector.stat.softirq"])();
  const present: [string, string, string][] = [
    ["interrupts", plain, "node_intr_total 100"],
    ["context switches", plain, "node_context_switches_total 200"],
    ["forks", plain, "node_forks_total 300"],
    ["boot time", plain, "node_boot_time_seconds 1.5e+09"],
    ["running", plain, "node_procs_running 4"],
    ["blocked", plain, "node_procs_blocked 5"],
    ["counter type", plain, "# TYPE node_forks_total counter"],
    ["softirq vector", softirq, 'node_softirqs_total{vector="net_rx"} 4'],
    ["softirq last vector", softirq, 'node_softirqs_total{vector="rcu"} 10'],
  ];
  test.each(present)("%s", (_name, text, line) => {
    expect(text.split("\n")).toContain(line);
  });
  test("no softirq vectors by default", () => {
    expect(plain).not.toContain("node_softirqs_total");
  });
  test("missing /proc/stat fails the scrape", async () => {
    const empty = makeHostTree({});
    try {
      await expect(collectorScraper(statCollector, empty.paths)()).rejects.toThrow("ENOENT");
    } finally {
      empty.remove();
    }
  });
});
