import { afterAll, describe, expect, test } from "bun:test";
import { softnetCollector } from "../../../src/exporter/collectors/softnet.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const z = "00000000";
const tree = makeHostTree({
  "proc/net/softnet_stat": `00000010 00000001 00000002 ${z} ${z} ${z} ${z} ${z} 00000003 00000004 00000005 00000006 00000002\n`,
});
afterAll(() => tree.remove());

describe("softnet collector", async () => {
  const text = await collectorScraper(softnetCollector, tree.paths)();
  const rows: [string, string][] = [
    ["processed, cpu from index column", 'node_softnet_processed_total{cpu="2"} 16'],
    ["dropped", 'node_softnet_dropped_total{cpu="2"} 1'],
    ["squeezed", 'node_softnet_times_squeezed_total{cpu="2"} 2'],
    ["collision", 'node_softnet_cpu_collision_total{cpu="2"} 3'],
    ["rps", 'node_softnet_received_rps_total{cpu="2"} 4'],
    ["flow limit", 'node_softnet_flow_limit_count_total{cpu="2"} 5'],
    ["backlog gauge", 'node_softnet_backlog_len{cpu="2"} 6'],
    ["backlog type", "# TYPE node_softnet_backlog_len gauge"],
  ];
  test.each(rows)("%s", (_name, want) => {
    expect(text.split("\n")).toContain(want);
  });
  test("parse error is wrapped as upstream", async () => {
    const bad = makeHostTree({ "proc/net/softnet_stat": "1 2\n" });
    try {
      await expect(collectorScraper(softnetCollector, bad.paths)()).rejects.toThrow("could not get softnet statistics:");
    } finally {
      bad.remove();
    }
  });
});
