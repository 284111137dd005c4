import { describe, expect, test } from "bun:test";
import { emitHwmonSensors } from "../../../src/exporter/collectors/hwmon.ts";
import { DeviceFilter } from "../../../src/exporter/device-filter.ts";
import type { SensorData } from "../../../src/exporter/host/sysfs/hwmon.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";

function emit(sensor: string, props: Record<string, string>) {
  const data: SensorData = new Map([[sensor, new Map(Object.entries(props))]]);
  const out = new FamilyBuilder();
  emitHwmonSensors(out, "platform_coretemp_0", data);
  return out
    .build()
    .flatMap((f) => f.metrics.map((m) => ({ name: f.name, help: f.help, type: f.type, value: m.value, labels: m.labels })));
}

describe("emitHwmonSensors", () => {
  const labels = (sensor: string) => ({ chip: "platform_coretemp_0", sensor });
  const rows: [string, string, Record<string, string>, { name: string; help: string; value: number }][] = [
    ["temp input", "temp1", { input: "55000" }, { name: "node_hwmon_temp_celsius", help: "Hardware monitor for temperature (input)", value: 55 }],
    ["temp bare file", "temp2", { "": "40000", input: "41000" }, { name: "node_hwmon_temp_celsius", help: "Hardware monitor for temperature (input)", value: 40 }],
    ["temp max", "temp1", { max: "84000" }, { name: "node_hwmon_temp_max_celsius", help: "Hardware monitor for temperature (max)", value: 84 }],
    ["voltage", "in0", { input: "1200" }, { name: "node_hwmon_in_volts", help: "Hardware monitor for voltage (input)", value: 1.2 }],
    ["fan", "fan1", { input: "1800" }, { name: "node_hwmon_fan_rpm", help: "Hardware monitor for fan revolutions per minute (input)", value: 1800 }],
    ["alarm", "fan1", { alarm: "0" }, { name: "node_hwmon_fan_alarm", help: "Hardware sensor alarm status (fan)", value: 0 }],
    ["beep", "in1", { beep: "1" }, { name: "node_hwmon_in_beep_enabled", help: "Hardware monitor sensor has beeping enabled", value: 1 }],
    ["power", "power1", { input: "2500000" }, { name: "node_hwmon_power_watt", help: "Hardware monitor for power usage in watts (input)", value: 2.5 }],
    ["power interval", "power1", { average_interval: "500" }, { name: "node_hwmon_power_average_interval_seconds", help: "Hardware monitor power usage update interval (average_interval)", value: 0.5 }],
    ["humidity", "humidity1", { input: "450000" }, { name: "node_hwmon_humidity", help: "Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) (input)", value: 0.45 }],
    ["fallback", "pwm1", { enable: "2" }, { name: "node_hwmon_pwm_enable", help: "Hardware monitor pwm element enable", value: 2 }],
    ["beep_enable", "beep_enable0", { "": "1" }, { name: "node_hwmon_beep_enabled", help: "Hardware beep enabled", value: 1 }],
    ["update interval", "update_interval0", { "": "1000" }, { name: "node_hwmon_update_interval_seconds", help: "Hardware monitor update interval", value: 1 }],
  ];
  test.each(rows)("%s", (_n, sensor, props, want) => {
    expect(emit(sensor, props)).toContainEqual({ ...want, type: "gauge", labels: labels(sensor) });
  });

  test("a labelled GPU clock is in MHz, named by its label (node_exporter 1.9)", () => {
    expect(emit("freq1", { input: "214000000", label: "sclk" })).toContainEqual({
      name: "node_hwmon_freq_freq_mhz",
      help: "Hardware monitor for GPU frequency in MHz",
      type: "gauge",
      value: 214,
      labels: { chip: "platform_coretemp_0", sensor: "sclk" },
    });
    expect(emit("freq2", { input: "300000000" }).map((m) => m.name)).toEqual([]);
  });

  test("sensor filter on <chip>;<sensor>", () => {
    const data: SensorData = new Map([
      ["temp1", new Map([["input", "1000"]])],
      ["temp2", new Map([["input", "2000"]])],
    ]);
    const out = new FamilyBuilder();
    emitHwmonSensors(out, "platform_coretemp_0", data, new DeviceFilter("platform_coretemp_0;temp1$", ""));
    expect(out.build().flatMap((f) => f.metrics.map((m) => m.labels.sensor))).toEqual(["temp2"]);
  });

  test("energy is a counter in joules", () => {
    expect(emit("energy1", { input: "3000000" })).toEqual([
      { name: "node_hwmon_energy_joule_total", help: "Hardware monitor for joules used so far (input)", type: "counter", value: 3, labels: labels("energy1") },
    ]);
  });
  test("label becomes node_hwmon_sensor_label and unparseable values are skipped", () => {
    expect(emit("temp1", { label: "Core 0", input: "n/a" })).toEqual([
      { name: "node_hwmon_sensor_label", help: "Label for given chip and sensor", type: "gauge", value: 1, labels: { ...labels("temp1"), label: "Core 0" } },
    ]);
  });
});
