import { afterAll, describe, expect, test } from "bun:test";
import { timeCollector } from "../../../src/exporter/collectors/time.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const cs = "sys/devices/system/clocksource/";
const tree = makeHostTree({
  [`${cs}clocksource0/available_clocksource`]: "tsc hpet acpi_pm \n",
  [`${cs}clocksource0/current_clocksource`]: "tsc\n",
  [`${cs}clocksource1/available_clocksource`]: "arch_sys_counter\n",
  [`${cs}clocksource1/current_clocksource`]: "arch_sys_counter\n",
});
const broken = makeHostTree({ [`${cs}clocksource0/available_clocksource`]: "tsc\n" });
afterAll(() => [tree, broken].forEach((t) => t.remove()));

describe("time collector", async () => {
  const text = await collectorScraper(timeCollector, tree.paths)();
  const rows: [string, string][] = [
    ["available", 'node_time_clocksource_available_info{clocksource="hpet",device="0"} 1'],
    ["current", 'node_time_clocksource_current_info{clocksource="tsc",device="0"} 1'],
    ["second device", 'node_time_clocksource_current_info{clocksource="arch_sys_counter",device="1"} 1'],
  ];
  test.each(rows)("%s", (_name, line) => {
    expect(text.split("\n")).toContain(line);
  });
  test("time and zone are present", () => {
    expect(text).toMatch(/^node_time_seconds \d\.\d+e\+09$/m);
    expect(text).toMatch(/^node_time_zone_offset_seconds\{time_zone="[^"]+"\} -?\d+$/m);
  });
  test("unreadable clocksource attribute fails the scrape", async () => {
    await expect(collectorScraper(timeCollector, broken.paths)()).rejects.toThrow("couldn't get clocksources:");
  });
});
