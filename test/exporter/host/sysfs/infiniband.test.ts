import { describe, expect, test } from "bun:test";
import { parseCounterValue, parseRate, parseState } from "../../../../src/exporter/host/sysfs/infiniband.ts";

describe("parseState", () => {
  test.each([
    ["4: ACTIVE\n", { id: 4, name: "ACTIVE" }],
    ["5: LinkUp\n", { id: 5, name: "LinkUp" }],
    ["1:DOWN", { id: 1, name: "DOWN" }],
  ] as const)("%p", (text, want) => {
    expect(parseState(text)).toEqual(want);
  });
  test.each([
    ["ACTIVE\n", "failed to split"],
    ["a:b:c", "failed to split"],
    ["x: ACTIVE", "failed to convert x into uint"],
    ["-1: ACTIVE", "failed to convert -1 into uint"],
  ])("rejects %p", (text, message) => {
    expect(() => parseState(text)).toThrow(message);
  });
});

describe("parseRate", () => {
  test.each([
    ["40 Gb/sec (4X QDR)\n", 5000000000],
    ["56 Gb/sec (4X FDR)\n", 7000000000],
    ["2.5 Gb/sec (1X SDR)\n", 312500000],
    ["100 Gb/sec (4X EDR)\n", 12500000000],
  ])("%p", (text, want) => {
    expect(parseRate(text)).toBe(want);
  });
  test.each([["40\n"], ["fast Gb/sec"]])("rejects %p", (text) => {
    expect(() => parseRate(text)).toThrow();
  });
});

describe("parseCounterValue", () => {
  test.each([
    ["link_downed", "3", 3],
    ["port_rcv_data", "100", 400],
    ["port_xmit_data_64", "0x10", 64],
    ["port_rcv_data", "18446744073709551615", 18446744073709551612],
    ["symbol_error", "N/A (no PMA)", undefined],
  ] as const)("%s %p", (file, value, want) => {
    expect(parseCounterValue(file, value)).toBe(want);
  });
  test("garbage is an error", () => {
    expect(() => parseCounterValue("link_downed", "lots")).toThrow('parsing "lots"');
  });
});
