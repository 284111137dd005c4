import { afterAll, describe, expect, test } from "bun:test";
import { interruptsCollector } from "../../../src/exporter/collectors/interrupts.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const tree = makeHostTree({ "proc/interrupts": "   CPU0 CPU1\n  1:  3  4  IO-APIC  1-edge  i8042\nLOC:  5  6  Local timer interrupts\n" });
const empty = makeHostTree({ "proc/interrupts": "" });
afterAll(() => [tree, empty].forEach((t) => t.remove()));

describe("interrupts collector", async () => {
  const text = await collectorScraper(interruptsCollector, tree.paths)();
  const rows: [string, string][] = [
    ["numbered", 'node_interrupts_total{cpu="1",devices="1-edge i8042",info="IO-APIC",type="1"} 4'],
    ["named", 'node_interrupts_total{cpu="0",devices="",info="Local timer interrupts",type="LOC"} 5'],
  ];
  test.each(rows)("%s", (_name, line) => {
    expect(text.split("\n")).toContain(line);
  });
  test("empty file fails with upstream's prefix", async () => {
    await expect(collectorScraper(interruptsCollector, empty.paths)()).rejects.toThrow("couldn't get interrupts: ");
  });
});
