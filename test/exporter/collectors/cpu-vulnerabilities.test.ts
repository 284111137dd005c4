import { afterAll, describe, expect, test } from "bun:test";
import { cpuVulnerabilitiesCollector } from "../../../src/exporter/collectors/cpu-vulnerabilities.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const v = "sys/devices/system/cpu/vulnerabilities/";
const tree = makeHostTree({ [`${v}meltdown`]: "Mitigation: PTI\n", [`${v}mds`]: "Not affected\n" });
afterAll(() => tree.remove());

describe("cpu_vulnerabilities collector", async () => {
  const text = await collectorScraper(cpuVulnerabilitiesCollector, tree.paths)();
  const rows: [string, string][] = [
    ["mitigated", 'node_cpu_vulnerabilities_info{codename="meltdown",mitigation="PTI",state="mitigation"} 1'],
    ["not affected", 'node_cpu_vulnerabilities_info{codename="mds",mitigation="",state="not affected"} 1'],
  ];
  test.each(rows)("%s", (_name, line) => {
    expect(text.split("\n")).toContain(line);
  });
});
