import { afterAll, describe, expect, test } from "bun:test";
import { cpufreqCollector } from "../../../src/exporter/collectors/cpufreq.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const base = "sys/devices/system/cpu/cpu0/cpufreq/";
const tree = makeHostTree({
  "sys/devices/system/cpu/offline": "\n",
  [`${base}cpuinfo_cur_freq`]: "1500000\n",
  [`${base}cpuinfo_avg_freq`]: "1200000\n",
  [`${base}cpuinfo_min_freq`]: "400000\n",
  [`${base}cpuinfo_max_freq`]: "3500000\n",
  [`${base}scaling_cur_freq`]: "1499999\n",
  [`${base}scaling_min_freq`]: "400000\n",
  [`${base}scaling_max_freq`]: "3500000\n",
  [`${base}scaling_available_governors`]: "performance powersave\n",
  [`${base}scaling_driver`]: "acpi-cpufreq\n",
  [`${base}scaling_governor`]: "performance\n",
  [`${base}related_cpus`]: "0\n",
  [`${base}scaling_setspeed`]: "<unsupported>\n",
  // A CPU without cpufreq emits nothing.
  "sys/devices/system/cpu/cpu1/topology/core_id": "0\n",
});
afterAll(() => tree.remove());

describe("cpufreq collector", async () => {
  const text = await collectorScraper(cpufreqCollector, tree.paths)();
  const rows: [string, string][] = [
    ["current kHz to Hz", 'node_cpu_frequency_hertz{cpu="0"} 1.5e+09'],
    ["average (node_exporter 1.12)", 'node_cpu_frequency_avg_hertz{cpu="0"} 1.2e+09'],
    ["min", 'node_cpu_frequency_min_hertz{cpu="0"} 4e+08'],
    ["max", 'node_cpu_frequency_max_hertz{cpu="0"} 3.5e+09'],
    ["scaling current", 'node_cpu_scaling_frequency_hertz{cpu="0"} 1.499999e+09'],
    ["scaling min", 'node_cpu_scaling_frequency_min_hertz{cpu="0"} 4e+08'],
    ["scaling max", 'node_cpu_scaling_frequency_max_hertz{cpu="0"} 3.5e+09'],
    ["active governor", 'node_cpu_scaling_governor{cpu="0",governor="performance"} 1'],
    ["inactive governor", 'node_cpu_scaling_governor{cpu="0",governor="powersave"} 0'],
  ];
  test.each(rows)("%s", (_name, line) => {
    expect(text.split("\n")).toContain(line);
  });
  test("cpu without cpufreq has no series", () => {
    expect(text).not.toContain('cpu="1"');
  });
});
