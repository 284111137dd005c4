import { afterAll, describe, expect, test } from "bun:test";
import { vmstatCollector } from "../../../src/exporter/collectors/vmstat.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const tree = makeHostTree({
  "proc/vmstat": "nr_free_pages 5\npgfault 10\npgmajfault 2\noom_kill 1\npswpin 3\nnuma_hit 4\n",
});
afterAll(() => tree.remove());

describe("vmstat collector", async () => {
  const vm = await collectorScraper(vmstatCollector, tree.paths)();
  const vmNuma = await collectorScraper(vmstatCollector, tree.paths, ["--collector.vmstat.fields=numa"])();
  const present: [string, string, string][] = [
    ["default vmstat fields", vm, "node_vmstat_pgmajfault 2"],
    ["oom_kill", vm, "node_vmstat_oom_kill 1"],
    ["untyped", vm, "# TYPE node_vmstat_pgfault untyped"],
    ["vmstat help", vm, "# HELP node_vmstat_pswpin /proc/vmstat information field pswpin."],
    ["custom pattern unanchored", vmNuma, "node_vmstat_numa_hit 4"],
  ];
  test.each(present)("%s", (_name, text, line) => {
    expect(text.split("\n")).toContain(line);
  });
  const absent: [string, string, string][] = [
    ["nr_ fields filtered by default", vm, "nr_free_pages"],
    ["custom pattern filters the defaults", vmNuma, "pgfault"],
  ];
  test.each(absent)("%s", (_name, text, fragment) => {
    expect(text).not.toContain(fragment);
  });
  test("bad vmstat pattern stops start-up", () => {
    expect(() => collectorScraper(vmstatCollector, tree.paths, ["--collector.vmstat.fields=("])).toThrow("--collector.vmstat.fields");
  });
});
