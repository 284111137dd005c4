import { describe, expect, test } from "bun:test";
import { emitPowerSupply } from "../../../src/exporter/collectors/powersupplyclass.ts";
import { parsePowerSupply } from "../../../src/exporter/host/sysfs/power-supply.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";

function emit(attrs: Record<string, string>) {
  const out = new FamilyBuilder();
  emitPowerSupply(out, parsePowerSupply("BAT0", new Map(Object.entries(attrs))));
  return new Map(out.build().map((f) => [f.name, f]));
}

describe("emitPowerSupply", () => {
  const rows: [string, Record<string, string>, string, number][] = [
    ["capacity as is", { capacity: "81" }, "node_power_supply_capacity", 81],
    ["micro volts to volts", { voltage_now: "12966000" }, "node_power_supply_voltage_volt", 12.966],
    ["tenths of degrees", { temp: "255" }, "node_power_supply_temp_celsius", 25.5],
    ["cycle_count renamed", { cycle_count: "4" }, "node_power_supply_cyclecount", 4],
    ["energy_now as watthour", { energy_now: "5000000" }, "node_power_supply_energy_watthour", 5],
  ];
  test.each(rows)("%s", (_n, attrs, name, value) => {
    const f = emit(attrs).get(name);
    expect(f?.metrics).toEqual([{ labels: { power_supply: "BAT0" }, value }]);
    expect(f?.help).toBe(`${name.slice("node_power_supply_".length)} value of /sys/class/power_supply/<power_supply>.`);
  });
  test("info carries only non-empty string attributes", () => {
    const info = emit({ status: "Full", model_name: "", type: "Battery" }).get("node_power_supply_info");
    expect(info?.metrics).toEqual([{ labels: { power_supply: "BAT0", status: "Full", type: "Battery" }, value: 1 }]);
  });
});
