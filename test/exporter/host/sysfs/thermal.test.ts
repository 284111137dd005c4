import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Paths } from "../../../../src/exporter/paths.ts";
import { parseDecimalInt, parseThermalMode, readCoolingDevices, readThermalZones } from "../../../../src/exporter/host/sysfs/thermal.ts";

describe("parseThermalMode", () => {
  test.each([
    ["enabled", true],
    ["disabled", false],
    ["", undefined],
    ["on", undefined],
  ] as const)("%p", (text, want) => {
    expect(parseThermalMode(text)).toBe(want);
  });
});

describe("parseDecimalInt", () => {
  test.each([
    ["49925\n", 49925],
    ["-1\n", -1],
  ])("%p", (text, want) => {
    expect(parseDecimalInt(text, "temp")).toBe(want);
  });
  test("hex is not decimal", () => {
    expect(() => parseDecimalInt("0x10", "temp")).toThrow('temp: strconv.ParseInt: parsing "0x10"');
  });
});

describe("readThermalZones / readCoolingDevices", () => {
  const root = mkdtempSync(join(tmpdir(), "mon-thermal-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (rel: string, text: string) => {
    const p = join(root, "class/thermal", rel);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, text);
  };
  put("thermal_zone0/type", "bcm2835_thermal\n");
  put("thermal_zone0/policy", "step_wise\n");
  put("thermal_zone0/temp", "49925\n");
  put("thermal_zone0/mode", "enabled\n");
  put("thermal_zone10/type", "acpitz\n");
  put("thermal_zone10/policy", "step_wise\n");
  put("thermal_zone10/temp", "-5000\n");
  put("thermal_zone10/passive", "0\n");
  put("cooling_device0/type", "Processor\n");
  put("cooling_device0/max_state", "50\n");
  put("cooling_device0/cur_state", "-1\n");
  mkdirSync(join(root, "class/thermal/thermal_zonex"), { recursive: true });
  const paths = new Paths({ procfs: "/x", sysfs: root, rootfs: "/", udevData: "/x" });

  test("zones", () => {
    expect(readThermalZones(paths)).toEqual([
      { name: "0", type: "bcm2835_thermal", policy: "step_wise", temp: 49925, mode: true, passive: undefined },
      { name: "10", type: "acpitz", policy: "step_wise", temp: -5000, mode: undefined, passive: 0 },
    ]);
  });
  test("cooling devices", () => {
    expect(readCoolingDevices(paths)).toEqual([{ name: "0", type: "Processor", maxState: 50, curState: -1 }]);
  });
  test("no thermal class directory means no zones", () => {
    const none = new Paths({ procfs: "/x", sysfs: join(root, "none"), rootfs: "/", udevData: "/x" });
    expect(readThermalZones(none)).toEqual([]);
  });
});
