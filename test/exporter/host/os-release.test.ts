import { describe, expect, test } from "bun:test";
import { parseEnvLine, parseOsRelease } from "../../../src/exporter/host/os-release.ts";

describe("parseEnvLine", () => {
  const ok: [string, string, [string, string] | undefined][] = [
    ["blank", "   ", undefined],
    ["comment", "# NAME=x", undefined],
    ["plain", "ID=debian", ["ID", "debian"]],
    ["double quoted", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"', ["PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)"]],
    ["single quoted keeps backslashes", "A='x\\ny'", ["A", "x\\ny"]],
    ["escapes in double quotes", 'A="a\\"b\\\\c\\td"', ["A", 'a"b\\c\td']],
    ["unicode escape", 'A="caf\\u00e9"', ["A", "café"]],
    ["surrogate pair", 'A="\\ud83d\\ude00"', ["A", "😀"]],
    ["trailing comment trimmed", "KEY = This is ok! # note", ["KEY", "This is ok!"]],
    ["hash inside quotes kept", 'A="x # y"', ["A", "x # y"]],
    ["export prefix", "export FOO=bar", ["FOO", "bar"]],
    ["empty value", "VARIANT=", ["VARIANT", ""]],
    ["dots and slashes in key", "a.b/c=1", ["a.b/c", "1"]],
    ["utf-8 passes through", "NAME=Ubuntu™", ["NAME", "Ubuntu™"]],
  ];
  test.each(ok)("%s", (_name, line, want) => {
    expect(parseEnvLine(line)).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["no separator", "JUSTAKEY", 'missing "="'],
    ["empty key", "=x", "empty key"],
    ["bad first key char", "1A=x", "key must start with [A-Za-z_]"],
    ["bad key char", "A-B=x", "key characters must be [A-Za-z0-9/_.]"],
    ["unmatched double", 'A="x', 'unmatched "'],
    ["unmatched single", "A='x", "unmatched '"],
    ["bad escape", 'A="\\q"', 'invalid escape sequence: "q"'],
    ["control character", "A=x\u0001", "0x01 is an invalid value character"],
  ];
  test.each(bad)("rejects %s", (_name, line, message) => {
    expect(() => parseEnvLine(line)).toThrow(message);
  });
});

describe("parseOsRelease", () => {
  test("later keys win, line number in errors", () => {
    expect(parseOsRelease("ID=a\nID=b\n").get("ID")).toBe("b");
    expect(() => parseOsRelease("ID=a\nNOPE\n")).toThrow('error on line 2: missing "="');
  });
});
