import { describe, expect, test } from "bun:test";
import { DeviceFilter } from "../../src/exporter/device-filter.ts";
import { compileGoRegexp } from "../../src/go/regexp.ts";

describe("DeviceFilter", () => {
  const cases: [string, string, string, string, boolean][] = [
    ["no patterns keeps all", "", "", "sda", false],
    ["exclude matches", "^loop\\d+$", "", "loop0", true],
    ["exclude is unanchored", "oop", "", "loop0", true],
    ["include misses", "", "^sd", "nvme0n1", true],
    ["include matches", "", "^sd", "sda", false],
    ["case-insensitive flag group", "(?i)^SDA$", "", "sda", true],
  ];
  test.each(cases)("%s", (_name, exclude, include, device, ignored) => {
    expect(new DeviceFilter(exclude, include).ignored(device)).toBe(ignored);
  });

  test("an invalid pattern names the flag", () => {
    expect(() => compileGoRegexp("(", "--collector.x")).toThrow("--collector.x: invalid regular expression");
  });
});
