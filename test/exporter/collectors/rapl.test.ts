import { describe, expect, test } from "bun:test";
import { sanitizeMetricName } from "../../../src/exporter/collectors/rapl.ts";

describe("sanitizeMetricName", () => {
  test.each([
    ["package", "package"],
    ["dram", "dram"],
    ["psys-x", "psys_x"],
    ["a__-__b", "a_b"],
    ["core.uncore", "core_uncore"],
  ])("%p", (name, want) => {
    expect(sanitizeMetricName(name)).toBe(want);
  });
});
