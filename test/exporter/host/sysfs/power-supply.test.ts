import { describe, expect, test } from "bun:test";
import { parsePowerSupply } from "../../../../src/exporter/host/sysfs/power-supply.ts";

describe("parsePowerSupply", () => {
  const rows: [string, Record<string, string>, Record<string, number>, Record<string, string>][] = [
    ["numbers and strings", { capacity: "81", status: "Discharging" }, { capacity: 81 }, { status: "Discharging" }],
    ["negative current", { current_now: "-1500000" }, { current_now: -1500000 }, {}],
    ["hex is base 0", { online: "0x1" }, { online: 1 }, {}],
    ["unknown files ignored", { uevent: "POWER_SUPPLY_NAME=BAT0" }, {}, {}],
  ];
  test.each(rows)("%s", (_name, attrs, numbers, strings) => {
    const ps = parsePowerSupply("BAT0", new Map(Object.entries(attrs)));
    expect(Object.fromEntries(ps.numbers)).toEqual(numbers);
    expect(Object.fromEntries(ps.strings)).toEqual(strings);
  });
  test("an unparseable number fails the supply", () => {
    expect(() => parsePowerSupply("BAT0", new Map([["capacity", "full"]]))).toThrow('capacity: strconv.ParseInt: parsing "full"');
  });
});
