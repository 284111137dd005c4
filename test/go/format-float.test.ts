import { describe, expect, test } from "bun:test";
import { formatFloat, parseGoFloat } from "../../src/go/format-float.ts";

describe("formatFloat matches Go's strconv.FormatFloat(v, 'g', -1, 64)", () => {
  const rows: [number, string][] = [
    [0, "0"],
    [-0, "-0"],
    [1, "1"],
    [-1, "-1"],
    [0.5, "0.5"],
    [123456, "123456"],
    [999999, "999999"],
    [1e6, "1e+06"],
    [1234567, "1.234567e+06"],
    [5.36870912e10, "5.36870912e+10"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1.5e-7, "1.5e-07"],
    [1e21, "1e+21"],
    [1e100, "1e+100"],
    [2 ** 53, "9.007199254740992e+15"],
    [0.1 + 0.2, "0.30000000000000004"],
    [10870.69, "10870.69"],
    [999999.5, "999999.5"],
    [-1234567.5, "-1.2345675e+06"],
    [18446744073709551615, "1.8446744073709552e+19"],
    [Number.NaN, "NaN"],
    [Infinity, "+Inf"],
    [-Infinity, "-Inf"],
  ];
  test.each(rows)("%p -> %s", (v, want) => {
    expect(formatFloat(v)).toBe(want);
  });
});

describe("parseGoFloat accepts what strconv.ParseFloat accepts", () => {
  const rows: [string, number | undefined][] = [
    ["1", 1],
    ["-1.5", -1.5],
    ["+2", 2],
    [".5", 0.5],
    ["5.", 5],
    ["1e3", 1000],
    ["1E-3", 0.001],
    ["Inf", Infinity],
    ["+Inf", Infinity],
    ["-inf", -Infinity],
    ["infinity", Infinity],
    ["0x1p-2", 0.25],
    ["0x10", undefined],
    ["0x1.8p1", 3],
    ["1e400", undefined],
    ["-1e400", undefined],
    ["", undefined],
    ["abc", undefined],
    ["1,5", undefined],
    ["1 ", undefined],
    ["1_000", undefined],
    ["--1", undefined],
    ["e5", undefined],
    // Plain integers take a fast path; it must agree with the general one.
    ["0", 0],
    ["-0", -0],
    ["+0", 0],
    ["007", 7],
    ["-42", -42],
    ["18446744073709551615", 18446744073709551615],
    ["9".repeat(308), Number("9".repeat(308))],
    ["9".repeat(309), undefined],
    ["9".repeat(400), undefined],
    ["-" + "9".repeat(400), undefined],
    ["+-1", undefined],
    ["1\n", undefined],
    ["\n1", undefined],
    ["١٢", undefined],
  ];
  test.each(rows)("%p -> %p", (s, want) => {
    expect(parseGoFloat(s)).toBe(want as number);
  });
  test("NaN", () => {
    expect(parseGoFloat("NaN")).toBeNaN();
    expect(parseGoFloat("nan")).toBeNaN();
  });
});
