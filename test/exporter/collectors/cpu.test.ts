import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CpuStatCache, cpuCollector } from "../../../src/exporter/collectors/cpu.ts";
import { type CpuStat, emptyCpuStat } from "../../../src/exporter/host/procfs/stat.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const CPUINFO = `processor	: 0
vendor_id	: GenuineIntel
cpu family	: 6
model		: 85
model name	: Xeon
stepping	: 7
microcode	: 0x5003
cpu MHz		: 2000.5
cache size	: 1024 KB
physical id	: 0
core id		: 0
flags		: fpu aes avx avx512f sse
bugs		: spectre_v1 mds swapgs

processor	: 1
vendor_id	: GenuineIntel
cpu MHz		: 1000
physical id	: 0
core id		: 1
flags		: fpu
`;

const tree = makeHostTree({
  "proc/stat": "cpu  2 0 0 0\ncpu0 100 1 2 300 4 5 6 7 8 9\ncpu1 1 1 1 1 1 1 1 1 1 1\n",
  "proc/cpuinfo": CPUINFO,
  "sys/devices/system/cpu/isolated": "1\n",
  "sys/devices/system/cpu/cpu0/topology/physical_package_id": "0\n",
  "sys/devices/system/cpu/cpu0/topology/core_id": "0\n",
  "sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count": "4\n",
  "sys/devices/system/cpu/cpu0/thermal_throttle/package_throttle_count": "9\n",
  // Same core as cpu0 (a hyperthread): read once.
  "sys/devices/system/cpu/cpu1/topology/physical_package_id": "0\n",
  "sys/devices/system/cpu/cpu1/topology/core_id": "0\n",
  "sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count": "99\n",
  // No topology: skipped.
  "sys/devices/system/cpu/cpu2/thermal_throttle/core_throttle_count": "7\n",
  // Online state: cpu2 has no file and counts as offline.
  "sys/devices/system/cpu/cpu0/online": "1\n",
  "sys/devices/system/cpu/cpu1/online": "0\n",
});
// cpu0 without an online file: the kernel cannot hot-plug, no series.
const noHotplug = makeHostTree({ "proc/stat": "cpu  1 0 0 0\ncpu0 1 1 1 1 1 1 1 1 1 1\n", "sys/devices/system/cpu/cpu0/topology/core_id": "0\n" });
afterAll(() => noHotplug.remove());
afterAll(() => tree.remove());

describe("cpu collector", async () => {
  const plain = await collectorScraper(cpuCollector, tree.paths)();
  const withInfo = await collectorScraper(cpuCollector, tree.paths, [
    "--collector.cpu.info.flags-include=^(aes|avx.?)$",
    "--collector.cpu.info.bugs-include=spectre",
    "--no-collector.cpu.guest",
  ])();
  const cpufreqOff = await collectorScraper(cpuCollector, tree.paths, ["--collector.cpu.info"], { enabledCollectors: ["cpu"] })();
  const cpufreqOn = await collectorScraper(cpuCollector, tree.paths, ["--collector.cpu.info"], { enabledCollectors: ["cpu", "cpufreq"] })();

  const present: [string, string, string][] = [
    ["ticks to seconds", plain, 'node_cpu_seconds_total{cpu="0",mode="user"} 1'],
    ["steal", plain, 'node_cpu_seconds_total{cpu="0",mode="steal"} 0.07'],
    ["guest user", plain, 'node_cpu_guest_seconds_total{cpu="0",mode="user"} 0.08'],
    ["guest nice", plain, 'node_cpu_guest_seconds_total{cpu="0",mode="nice"} 0.09'],
    ["isolated", plain, 'node_cpu_isolated{cpu="1"} 1'],
    ["core throttles read once per core", plain, 'node_cpu_core_throttles_total{core="0",package="0"} 4'],
    ["package throttles", plain, 'node_cpu_package_throttles_total{package="0"} 9'],
    [
      "cpu info implied by include flags",
      withInfo,
      'node_cpu_info{cachesize="1024 KB",core="0",cpu="0",family="6",microcode="0x5003",model="85",model_name="Xeon",package="0",stepping="7",vendor="GenuineIntel"} 1',
    ],
    ["flag filter matches", withInfo, 'node_cpu_flag_info{flag="avx"} 1'],
    ["flag filter anchored by the pattern", withInfo, 'node_cpu_flag_info{flag="aes"} 1'],
    ["bug filter unanchored", withInfo, 'node_cpu_bug_info{bug="spectre_v1"} 1'],
    // node_exporter 1.10 (#3318) flipped the condition: with cpufreq, not without it.
    ["frequency from cpuinfo when cpufreq is on", cpufreqOn, 'node_cpu_frequency_hertz{core="1",cpu="1",package="0"} 1e+09'],
    ["online cpu", plain, 'node_cpu_online{cpu="0"} 1'],
    ["offline cpu", plain, 'node_cpu_online{cpu="1"} 0'],
    ["no online file counts as offline", plain, 'node_cpu_online{cpu="2"} 0'],
  ];
  test.each(present)("%s", (_name, text, line) => {
    expect(text.split("\n")).toContain(line);
  });

  const absent: [string, string, string][] = [
    ["no info by default", plain, "node_cpu_info"],
    ["no guest when disabled", withInfo, "node_cpu_guest_seconds_total"],
    ["flag not matching the pattern", withInfo, 'flag="avx512f"'],
    ["bug not matching", withInfo, 'bug="mds"'],
    ["no cpuinfo frequency while cpufreq is off", cpufreqOff, "node_cpu_frequency_hertz"],
    ["no flag info without a filter", cpufreqOff, "node_cpu_flag_info"],
    ["hyperthread's own core count not used", plain, "} 99"],
  ];
  test.each(absent)("%s", (_name, text, fragment) => {
    expect(text).not.toContain(fragment);
  });

  test("no online series when cpu0 has no online file", async () => {
    expect(await collectorScraper(cpuCollector, noHotplug.paths)()).not.toContain("node_cpu_online");
  });

  test("bad include regexp stops start-up", () => {
    expect(() => collectorScraper(cpuCollector, tree.paths, ["--collector.cpu.info.flags-include=("])).toThrow(
      "fail to compile --collector.cpu.info.flags-include",
    );
  });

  test("malformed /proc/stat fails the scrape naming the file", async () => {
    const bad = makeHostTree({ "proc/stat": "cpu0 1 x\n" });
    try {
      await expect(collectorScraper(cpuCollector, bad.paths)()).rejects.toThrow(`${bad.root}/proc/stat: line 1`);
    } finally {
      bad.remove();
    }
  });

  test("stat is re-read every scrape", async () => {
    const t = makeHostTree({ "proc/stat": "cpu0 100 0 0 0\n" });
    try {
      const scrape = collectorScraper(cpuCollector, t.paths);
      await scrape();
      writeFileSync(join(t.root, "proc/stat"), "cpu0 200 0 0 0\n");
      expect(await scrape()).toContain('node_cpu_seconds_total{cpu="0",mode="user"} 2');
    } finally {
      t.remove();
    }
  });
});

const stat = (over: Partial<CpuStat>): CpuStat => ({ ...emptyCpuStat(), ...over });

describe("CpuStatCache", () => {
  const rows: [string, Map<number, CpuStat>[], Map<number, CpuStat>][] = [
    ["first scrape taken as is", [new Map([[0, stat({ user: 5, idle: 10 })]])], new Map([[0, stat({ user: 5, idle: 10 })]])],
    [
      "a counter falling back keeps the old value",
      [new Map([[0, stat({ user: 5, idle: 10 })]]), new Map([[0, stat({ user: 4, idle: 11 })]])],
      new Map([[0, stat({ user: 5, idle: 11 })]]),
    ],
    [
      "idle jumping back 3s or more resets the cpu",
      [new Map([[0, stat({ user: 5, idle: 10 })]]), new Map([[0, stat({ user: 1, idle: 7 })]])],
      new Map([[0, stat({ user: 1, idle: 7 })]]),
    ],
    [
      "idle jumping back less than 3s is held",
      [new Map([[0, stat({ idle: 10 })]]), new Map([[0, stat({ idle: 8 })]])],
      new Map([[0, stat({ idle: 10 })]]),
    ],
    [
      "offline cpus are forgotten",
      [new Map([[0, stat({ idle: 1 })], [1, stat({ idle: 1 })]]), new Map([[1, stat({ idle: 2 })]])],
      new Map([[1, stat({ idle: 2 })]]),
    ],
  ];
  test.each(rows)("%s", (_name, scrapes, want) => {
    const c = new CpuStatCache(silentLogger);
    for (const s of scrapes) c.update(s);
    expect(c.stats).toEqual(want);
  });
});
