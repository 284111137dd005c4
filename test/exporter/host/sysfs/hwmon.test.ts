import { describe, expect, test } from "bun:test";
import { cleanMetricName, explodeSensorFilename } from "../../../../src/exporter/host/sysfs/hwmon.ts";

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
