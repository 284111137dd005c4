import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Paths } from "../../../../src/exporter/paths.ts";
import { indexAndName, readEnergyMicrojoules, readRaplZones } from "../../../../src/exporter/host/sysfs/powercap.ts";

describe("indexAndName", () => {
  const rows: [string, Record<string, number>, [number, string]][] = [
    ["package-0", {}, [0, "package"]],
    ["package-1", {}, [1, "package"]],
    ["dram", {}, [0, "dram"]],
    ["dram", { dram: 1 }, [1, "dram"]],
    ["psys-x", {}, [0, "psys-x"]],
    ["a-b-1", {}, [0, "a-b-1"]],
  ];
  test.each(rows)("%s with counts %p", (name, counts, want) => {
    expect(indexAndName(new Map(Object.entries(counts)), name)).toEqual(want);
  });
});

describe("readRaplZones", () => {
  const root = mkdtempSync(join(tmpdir(), "mon-rapl-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const zone = (dir: string, name: string, energy: string) => {
    const d = join(root, "class/powercap", dir);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, "name"), `${name}\n`);
    writeFileSync(join(d, "max_energy_range_uj"), "262143328850\n");
    writeFileSync(join(d, "energy_uj"), energy);
  };
  zone("intel-rapl:0", "package-0", "240422366267\n");
  zone("intel-rapl:0:0", "dram", "1\n");
  zone("intel-rapl:0:1", "dram", "2\n");
  mkdirSync(join(root, "class/powercap/intel-rapl"), { recursive: true });
  const paths = new Paths({ procfs: "/x", sysfs: root, rootfs: "/", udevData: "/x" });

  test("zones with names, indexes and energy", () => {
    const zones = readRaplZones(paths);
    expect(zones.map((z) => [z.name, z.index])).toEqual([
      ["package", 0],
      ["dram", 0],
      ["dram", 1],
    ]);
    expect(readEnergyMicrojoules(zones[0])).toBe(240422366267);
  });
});
