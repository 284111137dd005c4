import { describe, expect, test } from "bun:test";
import { type DbusValue, Variant, marshal, unmarshal } from "../../../../src/exporter/host/dbus/marshal.ts";

const hex = (s: string) => Uint8Array.from(s.split(/\s+/).filter(Boolean).map((b) => Number.parseInt(b, 16)));

describe("marshal / unmarshal", () => {
  // [name, signature, values, wire bytes (little-endian, message-start aligned)]
  const rows: [string, string, DbusValue[], string][] = [
    ["byte", "y", [0x2a], "2a"],
    ["boolean true", "b", [true], "01 00 00 00"],
    ["boolean false", "b", [false], "00 00 00 00"],
    ["int16", "n", [-2], "fe ff"],
    ["uint16", "q", [0x1234], "34 12"],
    ["int32", "i", [-1], "ff ff ff ff"],
    ["uint32", "u", [0x01020304], "04 03 02 01"],
    ["int64", "x", [-2n], "fe ff ff ff ff ff ff ff"],
    ["uint64 max", "t", [2n ** 64n - 1n], "ff ff ff ff ff ff ff ff"],
    ["double", "d", [1], "00 00 00 00 00 00 f0 3f"],
    ["string", "s", ["hi"], "02 00 00 00 68 69 00"],
    ["empty string", "s", [""], "00 00 00 00 00"],
    ["utf-8 string", "s", ["é"], "02 00 00 00 c3 a9 00"],
    ["object path", "o", ["/a"], "02 00 00 00 2f 61 00"],
    ["signature", "g", ["ai"], "02 61 69 00"],
    ["byte then uint32 pads to 4", "yu", [1, 2], "01 00 00 00 02 00 00 00"],
    ["byte then string pads to 4", "ys", [1, "a"], "01 00 00 00 01 00 00 00 61 00"],
    ["byte then int16 pads to 2", "yn", [1, 3], "01 00 03 00"],
    ["array of int32", "ai", [[1, 2]], "08 00 00 00 01 00 00 00 02 00 00 00"],
    ["array of uint64: length excludes the padding", "at", [[1n]], "08 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00"],
    ["empty array of uint64 still pads", "at", [[]], "00 00 00 00 00 00 00 00"],
    ["array of strings", "as", [["a", "bc"]], "0f 00 00 00 01 00 00 00 61 00 00 00 02 00 00 00 62 63 00"],
    ["struct", "(yu)", [[1, 2]], "01 00 00 00 02 00 00 00"],
    ["struct aligns to 8", "y(y)", [1, [2]], "01 00 00 00 00 00 00 00 02"],
    [
      "dict of string to variant",
      "a{sv}",
      [new Map<DbusValue, DbusValue>([["a", new Variant("u", 7)]])],
      "10 00 00 00 00 00 00 00 01 00 00 00 61 00 01 75 00 00 00 00 07 00 00 00",
    ],
    ["variant of string", "v", [new Variant("s", "x")], "01 73 00 00 01 00 00 00 78 00"],
    ["variant of uint64 aligns its value", "yv", [1, new Variant("t", 5n)], "01 01 74 00 00 00 00 00 05 00 00 00 00 00 00 00"],
    ["variant of variant", "v", [new Variant("v", new Variant("y", 9))], "01 76 00 01 79 00 09"],
    [
      "array of struct (so)",
      "a(so)",
      [[["s", "/"]]],
      "0e 00 00 00 00 00 00 00 01 00 00 00 73 00 00 00 01 00 00 00 2f 00",
    ],
  ];

  test.each(rows)("writes %s", (_name, sig, values, wire) => {
    expect([...marshal(sig, values)]).toEqual([...hex(wire)]);
  });

  test.each(rows)("reads %s", (_name, sig, values, wire) => {
    expect(unmarshal(sig, hex(wire))).toEqual(values);
  });

  const bigEndian: [string, string, string, DbusValue[]][] = [
    ["uint32", "u", "00 00 00 01", [1]],
    ["int16", "n", "ff fe", [-2]],
    ["string", "s", "00 00 00 02 68 69 00", ["hi"]],
    ["uint64", "t", "00 00 00 00 00 00 01 00", [256n]],
  ];
  test.each(bigEndian)("reads big-endian %s", (_name, sig, wire, want) => {
    expect(unmarshal(sig, hex(wire), false)).toEqual(want);
  });

  const badWire: [string, string, string, string][] = [
    ["truncated uint32", "u", "01 00", "truncated"],
    ["boolean 2", "b", "02 00 00 00", "want 0 or 1"],
    ["non-zero padding", "yu", "01 01 00 00 02 00 00 00", "non-zero padding"],
    ["string without NUL", "s", "01 00 00 00 61 62", "not NUL-terminated"],
    ["string length beyond the data", "s", "ff 00 00 00 61 00", "truncated"],
    ["array length beyond the data", "ai", "10 00 00 00 01 00 00 00", "truncated"],
    ["array length splits an element", "ai", "02 00 00 00 01 00 00 00", "array ends at offset 8"],
    ["invalid UTF-8", "s", "01 00 00 00 ff 00", "not valid UTF-8"],
    ["variant with two types", "v", "02 79 79 00 01 02", "not one complete type"],
    ["bytes left over", "y", "01 02", "left over"],
  ];
  test.each(badWire)("rejects %s", (_name, sig, wire, message) => {
    expect(() => unmarshal(sig, hex(wire))).toThrow(message);
  });

  const badValues: [string, string, DbusValue[], string][] = [
    ["byte out of range", "y", [256], "out of range"],
    ["uint32 negative", "u", [-1], "out of range"],
    ["int32 not an integer", "i", [1.5], "not an integer"],
    ["string with NUL", "s", ["a\0b"], "NUL"],
    ["struct with wrong arity", "(ii)", [[1]], "2-field"],
    ["dict given as array", "a{ss}", [[]], "not a Map"],
    ["too few values", "ii", [1], "wants 2 values"],
    ["variant with bad signature", "v", [new Variant("(", 1)], "invalid D-Bus signature"],
  ];
  test.each(badValues)("refuses to write %s", (_name, sig, values, message) => {
    expect(() => marshal(sig, values)).toThrow(message);
  });
});
