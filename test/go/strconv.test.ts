import { describe, expect, test } from "bun:test";
import { parseGoInt64, parseGoUint64, parseGoUint64Big } from "../../src/go/strconv.ts";

describe("parseGoInt64", () => {
  const rows: [string, 0 | 10, number | undefined][] = [
    ["1500", 10, 1500],
    ["-1", 10, -1],
    ["+7", 10, 7],
    ["0x1003", 0, 4099],
    ["0X1f", 0, 31],
    ["0755", 0, 493],
    ["0o17", 0, 15],
    ["0b101", 0, 5],
    ["1_000", 0, 1000],
    ["0x_1f", 0, 31],
    ["1__0", 0, undefined],
    ["_1", 0, undefined],
    ["1_", 0, undefined],
    ["1_000", 10, undefined],
    ["0x1003", 10, undefined],
    ["089", 0, undefined],
    ["0", 0, 0],
    ["", 0, undefined],
    ["0x", 0, undefined],
    ["9223372036854775807", 10, 9223372036854775807],
    ["9223372036854775808", 10, undefined],
    ["-9223372036854775808", 10, -9223372036854775808],
    ["12 ", 10, undefined],
    ["abc", 0, undefined],
  ];
  test.each(rows)("%p base %p", (s, base, want) => {
    expect(parseGoInt64(s, base)).toBe(want);
  });
});

describe("parseGoUint64", () => {
  const rows: [string, number | undefined][] = [
    ["18446744073709551615", 18446744073709551615],
    ["18446744073709551616", undefined],
    ["-1", undefined],
    ["+1", undefined],
    ["42", 42],
  ];
  test.each(rows)("%p", (s, want) => {
    expect(parseGoUint64(s)).toBe(want);
  });
  test("keeps exact magnitude as bigint", () => {
    expect(parseGoUint64Big("18446744073709551615")).toBe(18446744073709551615n);
  });
});
