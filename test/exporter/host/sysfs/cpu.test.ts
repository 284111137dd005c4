import { afterAll, describe, expect, test } from "bun:test";
import { cpuDirs, parseCpuRange, readIsolatedCpus, readSystemCpufreq } from "../../../../src/exporter/host/sysfs/cpu.ts";
import { makeHostTree } from "../../../support/host-tree.ts";

describe("parseCpuRange", () => {
  const ok: [string, string, number[]][] = [
    ["single", "3\n", [3]],
    ["list and ranges", "1,3-5,9\n", [1, 3, 4, 5, 9]],
    ["empty", "\n", []],
    ["empty element", "0,,2", [0, 2]],
  ];
  test.each(ok)("%s", (_name, text, want) => {
    expect(parseCpuRange(text)).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["three-part range", "1-2-3", "invalid cpu range: 1-2-3"],
    ["bad start", "a-2", 'invalid cpu start range: "a"'],
    ["bad end", "1-b", 'invalid cpu end range: "b"'],
    ["bad number", "x", 'invalid cpu number: "x"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseCpuRange(text)).toThrow(message);
  });
});

const freq = (cur: string, gov: string) => ({
  scaling_cur_freq: cur,
  scaling_min_freq: "800000\n",
  scaling_max_freq: "3000000\n",
  scaling_available_governors: "performance powersave\n",
  scaling_driver: "intel_pstate\n",
  scaling_governor: gov,
  related_cpus: "0\n",
  scaling_setspeed: "<unsupported>\n",
});

function cpufreqFiles(cpu: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`sys/devices/system/cpu/${cpu}/cpufreq/${k}`, v]));
}

describe("sysfs cpu", () => {
  const tree = makeHostTree({
    "sys/devices/system/cpu/offline": "2\n",
    "sys/devices/system/cpu/isolated": "0-1\n",
    "sys/devices/system/cpu/online": "0-1,10\n",
    ...cpufreqFiles("cpu0", freq("1200000\n", "powersave\n")),
    ...cpufreqFiles("cpu10", freq("1300000\n", "performance\n")),
    ...cpufreqFiles("cpu2", freq("1400000\n", "powersave\n")),
    "sys/devices/system/cpu/cpu1/topology/core_id": "1\n",
    "sys/devices/system/cpu/cpufreq/policy0": "",
  });
  afterAll(() => tree.remove());

  test("cpu dirs are cpu[0-9]* in Go glob order", () => {
    expect(cpuDirs(tree.paths).map((d) => d.slice(d.lastIndexOf("/") + 1))).toEqual(["cpu0", "cpu1", "cpu10", "cpu2"]);
  });

  test("isolated cpus", () => {
    expect(readIsolatedCpus(tree.paths)).toEqual([0, 1]);
  });

  test("cpufreq skips offline cpus and cpus without cpufreq", () => {
    const got = readSystemCpufreq(tree.paths);
    expect(got.map((f) => [f.name, f.scalingCurFreq, f.governor, f.cpuinfoCurFreq])).toEqual([
      ["0", 1200000, "powersave", undefined],
      ["10", 1300000, "performance", undefined],
    ]);
  });
});

describe("sysfs cpu errors", () => {
  test("no isolated file is undefined, not an error", () => {
    const tree = makeHostTree({});
    try {
      expect(readIsolatedCpus(tree.paths)).toBeUndefined();
    } finally {
      tree.remove();
    }
  });

  test("cpufreq without the offline file fails", () => {
    const tree = makeHostTree({ "sys/devices/system/cpu/cpu0/topology/core_id": "0\n" });
    try {
      expect(() => readSystemCpufreq(tree.paths)).toThrow("offline");
    } finally {
      tree.remove();
    }
  });

  test("cpufreq with a missing string attribute fails naming the file", () => {
    const files = cpufreqFiles("cpu0", freq("1\n", "powersave\n"));
    delete files["sys/devices/system/cpu/cpu0/cpufreq/scaling_driver"];
    const tree = makeHostTree({ "sys/devices/system/cpu/offline": "\n", ...files });
    try {
      expect(() => readSystemCpufreq(tree.paths)).toThrow("scaling_driver");
    } finally {
      tree.remove();
    }
  });

  test("cpufreq with a malformed frequency fails naming the file", () => {
    const tree = makeHostTree({ "sys/devices/system/cpu/offline": "\n", ...cpufreqFiles("cpu0", freq("fast\n", "x\n")) });
    try {
      expect(() => readSystemCpufreq(tree.paths)).toThrow('scaling_cur_freq: not an unsigned integer: "fast"');
    } finally {
      tree.remove();
    }
  });
});
