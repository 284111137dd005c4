import { describe, expect, test } from "bun:test";
import { cleanMetricName, explodeSensorFilename, uniqueChipNames } from "../../../../src/exporter/host/sysfs/hwmon.ts";

describe("explodeSensorFilename", () => {
  const rows: [string, ReturnType<typeof explodeSensorFilename>][] = [
    ["temp1_input", { type: "temp", num: 1, property: "input" }],
    ["in0_label", { type: "in", num: 0, property: "label" }],
    ["fan2", { type: "fan", num: 2, property: "" }],
    ["beep_enable", { type: "beep_enable", num: 0, property: "" }],
    ["pwm1_auto_point1_pwm", { type: "pwm", num: 1, property: "auto_point1_pwm" }],
    ["temp01_max", { type: "temp", num: 1, property: "max" }],
    ["name", { type: "name", num: 0, property: "" }],
    ["1abc", undefined],
    ["temp99999999999999999999_input", undefined],
  ];
  test.each(rows)("%s", (file, want) => {
    expect(explodeSensorFilename(file)).toEqual(want);
  });
});

describe("cleanMetricName", () => {
  const rows: [string, string][] = [
    ["coretemp\n", "coretemp"],
    ["applesmc.768", "applesmc_768"],
    ["Nct6779", "nct6779"],
    ["__x-y__", "x_y"],
    ["---", ""],
  ];
  test.each(rows)("%p", (name, want) => {
    expect(cleanMetricName(name)).toBe(want);
  });
});

describe("uniqueChipNames", () => {
  const e = (n: number, baseName: string, nameFile: string) => ({ dir: `/sys/class/hwmon/hwmon${n}`, baseName, nameFile });
  test("a unique device name stays as it is", () => {
    expect(uniqueChipNames([e(0, "platform_coretemp_0", "coretemp"), e(1, "pci0000:00_0000:00:18_3", "k10temp")])).toEqual([
      "platform_coretemp_0",
      "pci0000:00_0000:00:18_3",
    ]);
  });
  test("nodes sharing a device get their name file as suffix", () => {
    expect(uniqueChipNames([e(6, "platform_asus_nb_wmi", "asus"), e(7, "platform_asus_nb_wmi", "asus_wmi_sensors")])).toEqual([
      "platform_asus_nb_wmi_asus",
      "platform_asus_nb_wmi_asus_wmi_sensors",
    ]);
  });
  test("a shared or empty name file falls back to the hwmonN directory", () => {
    expect(
      uniqueChipNames([e(8, "ieee80211_phy0", "mt7996"), e(9, "ieee80211_phy0", "mt7996"), e(10, "ieee80211_phy0", "")]),
    ).toEqual(["ieee80211_phy0_hwmon8", "ieee80211_phy0_hwmon9", "ieee80211_phy0_hwmon10"]);
  });
  test("the suffix is cleaned like a metric name", () => {
    expect(uniqueChipNames([e(1, "x", "Foo-Bar"), e(2, "x", "baz")])).toEqual(["x_foo_bar", "x_baz"]);
  });
});
