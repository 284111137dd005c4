import { describe, expect, test } from "bun:test";
import { parseCpuInfo } from "../../../../src/exporter/host/procfs/cpuinfo.ts";

const TWO_CPUS = `processor	: 0
vendor_id	: AuthenticAMD
cpu family	: 23
model		: 49
model name	: AMD EPYC 7B12
stepping	: 0
microcode	: 0x1000065
cpu MHz		: 2249.998
cache size	: 512 KB
physical id	: 0
core id		: 0
flags		: fpu vme  sse2 avx2
bugs		: sysret_ss_attrs spectre_v1
power management:

processor	: 1
vendor_id	: AuthenticAMD
cpu MHz		: 1000
physical id	: 0
core id		: 1
flags		:
`;

describe("parseCpuInfo", () => {
  const cpus = parseCpuInfo(TWO_CPUS);
  const rows: [string, unknown, unknown][] = [
    ["two processors", cpus.length, 2],
    ["processor number", cpus[1].processor, 1],
    ["vendor", cpus[0].vendorId, "AuthenticAMD"],
    ["family", cpus[0].cpuFamily, "23"],
    ["model", cpus[0].model, "49"],
    ["model name", cpus[0].modelName, "AMD EPYC 7B12"],
    ["microcode kept verbatim", cpus[0].microcode, "0x1000065"],
    ["MHz parsed", cpus[0].cpuMHz, 2249.998],
    ["cache size", cpus[0].cacheSize, "512 KB"],
    ["core id", cpus[1].coreId, "1"],
    ["flags split on runs of spaces", cpus[0].flags, ["fpu", "vme", "sse2", "avx2"]],
    ["bugs", cpus[0].bugs, ["sysret_ss_attrs", "spectre_v1"]],
    ["empty flags line has no ': ' and is ignored", cpus[1].flags, []],
    ["missing stepping is empty", cpus[1].stepping, ""],
  ];
  test.each(rows)("%s", (_name, got, want) => {
    expect(got).toEqual(want);
  });

  test("leading blank lines are skipped, hex processor accepted", () => {
    expect(parseCpuInfo("\n\nprocessor : 0x10\n")[0].processor).toBe(16);
  });

  const bad: [string, string, string][] = [
    ["empty", "", 'cannot parse line: ""'],
    ["does not start with processor", "vendor_id : X\n", 'line 1: cannot parse line: "vendor_id : X"'],
    ["bad processor number", "processor : x\n", 'processor: not an unsigned integer: "x"'],
    ["bad MHz", "processor : 0\ncpu MHz : fast\n", 'line 2: cpu MHz: not a number: "fast"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseCpuInfo(text)).toThrow(message);
  });
});
