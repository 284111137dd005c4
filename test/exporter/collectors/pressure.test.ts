import { afterAll, describe, expect, test } from "bun:test";
import { NoDataError } from "../../../src/exporter/collector.ts";
import { pressureCollector } from "../../../src/exporter/collectors/pressure.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const line = (kind: string, total: number) => `${kind} avg10=0.00 avg60=0.00 avg300=0.00 total=${total}\n`;
const full = makeHostTree({
  "proc/pressure/cpu": line("some", 1500000),
  "proc/pressure/io": line("some", 2000000) + line("full", 1000000),
  "proc/pressure/memory": line("some", 3) + line("full", 4),
  "proc/pressure/irq": line("full", 5000000),
});
// A kernel before 6.1 (no irq) with memory missing too: the rest still counts.
const partial = makeHostTree({ "proc/pressure/cpu": line("some", 1000000), "proc/pressure/io": line("some", 1) + line("full", 2) });
const noFull = makeHostTree({ "proc/pressure/cpu": line("some", 1), "proc/pressure/io": line("some", 1) });
const none = makeHostTree({});
afterAll(() => [full, noFull, none, partial].forEach((t) => t.remove()));

describe("pressure collector", async () => {
  const text = await collectorScraper(pressureCollector, full.paths)();
  const rows: [string, string][] = [
    ["cpu microseconds to seconds", "node_pressure_cpu_waiting_seconds_total 1.5"],
    ["io some", "node_pressure_io_waiting_seconds_total 2"],
    ["io full", "node_pressure_io_stalled_seconds_total 1"],
    ["memory some", "node_pressure_memory_waiting_seconds_total 3e-06"],
    ["memory full", "node_pressure_memory_stalled_seconds_total 4e-06"],
    ["irq full (node_exporter 1.9)", "node_pressure_irq_stalled_seconds_total 5"],
  ];
  test.each(rows)("%s", (_name, want) => {
    expect(text.split("\n")).toContain(want);
  });
  test("a missing resource file costs only that resource", async () => {
    const partialText = await collectorScraper(pressureCollector, partial.paths)();
    expect(partialText).toContain("node_pressure_cpu_waiting_seconds_total 1\n");
    expect(partialText).toContain("node_pressure_io_stalled_seconds_total 2e-06\n");
    expect(partialText).not.toContain("irq");
  });
  const nodata: [string, typeof full, string][] = [
    ["no pressure directory", none, "pressure information is unavailable"],
    ["io without full line", noFull, "returned no 'full' data"],
  ];
  test.each(nodata)("%s is NoData", async (_name, tree, message) => {
    const p = collectorScraper(pressureCollector, tree.paths)();
    await expect(p).rejects.toBeInstanceOf(NoDataError);
    await expect(p).rejects.toThrow(message);
  });
});
