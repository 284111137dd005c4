import { afterAll, describe, expect, test } from "bun:test";
import { NoDataError } from "../../../src/exporter/collector.ts";
import { schedstatCollector } from "../../../src/exporter/collectors/schedstat.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const tree = makeHostTree({ "proc/schedstat": "version 15\ncpu3 0 0 0 0 0 0 2500000000 1000 77\n" });
const none = makeHostTree({});
afterAll(() => [tree, none].forEach((t) => t.remove()));

describe("schedstat collector", async () => {
  const text = await collectorScraper(schedstatCollector, tree.paths)();
  const rows: [string, string][] = [
    ["running ns to seconds", 'node_schedstat_running_seconds_total{cpu="3"} 2.5'],
    ["waiting ns to seconds", 'node_schedstat_waiting_seconds_total{cpu="3"} 1e-06'],
    ["timeslices", 'node_schedstat_timeslices_total{cpu="3"} 77'],
  ];
  test.each(rows)("%s", (_name, want) => {
    expect(text.split("\n")).toContain(want);
  });
  test("missing file is NoData", async () => {
    await expect(collectorScraper(schedstatCollector, none.paths)()).rejects.toBeInstanceOf(NoDataError);
  });
});
