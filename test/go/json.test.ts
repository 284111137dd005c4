import { describe, expect, test } from "bun:test";
import { decodeGoStruct, decodeGoStructArray, hardwareAddrString } from "../../src/go/json.ts";

const FIELDS = { Name: "string", Count: "uint32", Delta: "int", Addr: "bytes" } as const;

describe("decodeGoStruct", () => {
  const rows: [string, unknown, Record<string, unknown>][] = [
    ["exact keys", { Name: "a", Count: 3 }, { Name: "a", Count: 3, Delta: 0 }],
    ["case-insensitive keys", { name: "b", count: 4, delta: -2 }, { Name: "b", Count: 4, Delta: -2 }],
    ["unknown keys ignored", { Other: 1 }, { Name: "", Count: 0 }],
    ["null keeps zero", { Count: null }, { Count: 0 }],
    ["null struct", null, { Name: "", Count: 0, Delta: 0 }],
  ];
  test.each(rows)("%s", (_n, value, want) => {
    expect(decodeGoStruct(value, FIELDS, "T")).toMatchObject(want);
  });
  const bad: [string, unknown, string][] = [
    ["string into int", { Count: "3" }, "cannot unmarshal string"],
    ["negative into uint", { Count: -1 }, "cannot unmarshal number -1"],
    ["fraction into int", { Delta: 1.5 }, "cannot unmarshal number 1.5"],
    ["uint32 overflow", { Count: 4294967296 }, "cannot unmarshal number 4294967296"],
    ["bad base64", { Addr: "!!" }, "illegal base64"],
  ];
  test.each(bad)("rejects %s", (_n, value, message) => {
    expect(() => decodeGoStruct(value, FIELDS, "T")).toThrow(message);
  });
  test("bytes are base64", () => {
    expect(hardwareAddrString(decodeGoStruct({ addr: "qrvM3e7/" }, FIELDS, "T").Addr)).toBe("aa:bb:cc:dd:ee:ff");
  });
});

describe("decodeGoStructArray", () => {
  test("null is an empty slice", () => {
    expect(decodeGoStructArray("null", FIELDS, "T")).toEqual([]);
  });
  test("an object is not a slice", () => {
    expect(() => decodeGoStructArray("{}", FIELDS, "T")).toThrow("cannot unmarshal object");
  });
  test("syntax errors throw", () => {
    expect(() => decodeGoStructArray("[{", FIELDS, "T")).toThrow();
  });
});
