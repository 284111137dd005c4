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
  test("name filter on <name>;<info>;<devices>, and zeros left out on request (node_exporter 1.9)", async () => {
    const filtered = await collectorScraper(interruptsCollector, tree.paths, ["--collector.interrupts.name-include=^LOC;"])();
    expect(filtered).not.toContain('type="1"');
    expect(filtered).toContain('type="LOC"');
    const excluded = await collectorScraper(interruptsCollector, tree.paths, ["--collector.interrupts.name-exclude=i8042$"])();
    expect(excluded).not.toContain('type="1"');
    const zeros = makeHostTree({ "proc/interrupts": "   CPU0 CPU1\nNMI:  0  2  Non-maskable interrupts\n" });
    try {
      const noZeros = await collectorScraper(interruptsCollector, zeros.paths, ["--no-collector.interrupts.include-zeros"])();
      expect(noZeros).not.toContain('cpu="0"');
      expect(noZeros).toContain('node_interrupts_total{cpu="1",devices="",info="Non-maskable interrupts",type="NMI"} 2');
      expect(await collectorScraper(interruptsCollector, zeros.paths)()).toContain('cpu="0"');
    } finally {
      zeros.remove();
    }
  });
  test("empty file fails with upstream's prefix", async () => {
    await expect(collectorScraper(interruptsCollector, empty.paths)()).rejects.toThrow("couldn't get interrupts: ");
  });
});
