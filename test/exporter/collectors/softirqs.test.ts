import { afterAll, describe, expect, test } from "bun:test";
import { softirqsCollector } from "../../../src/exporter/collectors/softirqs.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const tree = makeHostTree({ "proc/softirqs": "  CPU0 CPU1\n  HI: 1 2\n  IRQ_POLL: 3 4\n" });
afterAll(() => tree.remove());

describe("softirqs collector", async () => {
  const text = await collectorScraper(softirqsCollector, tree.paths)();
  const rows: [string, string][] = [
    ["HI on cpu1", 'node_softirqs_functions_total{cpu="1",type="HI"} 2'],
    ["IRQ_POLL", 'node_softirqs_functions_total{cpu="0",type="IRQ_POLL"} 3'],
    ["counter", "# TYPE node_softirqs_functions_total counter"],
  ];
  test.each(rows)("%s", (_name, line) => {
    expect(text.split("\n")).toContain(line);
  });
});
