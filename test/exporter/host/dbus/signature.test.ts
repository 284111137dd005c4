import { describe, expect, test } from "bun:test";
import { alignmentOf, parseSignature, signatureOf } from "../../../../src/exporter/host/dbus/signature.ts";

describe("parseSignature", () => {
  const ok: [string, string[], number[]][] = [
    ["", [], []],
    ["yu", ["y", "u"], [1, 4]],
    ["a(ssssssouso)", ["a(ssssssouso)"], [4]],
    ["a{sv}", ["a{sv}"], [4]],
    ["(ia{s(tt)})v", ["(ia{s(tt)})", "v"], [8, 1]],
    ["aai", ["aai"], [4]],
    ["xtdng", ["x", "t", "d", "n", "g"], [8, 8, 8, 2, 1]],
  ];
  test.each(ok)("parses %p", (sig, types, aligns) => {
    const parsed = parseSignature(sig);
    expect(parsed.map(signatureOf)).toEqual(types);
    expect(parsed.map(alignmentOf)).toEqual(aligns);
  });

  const bad: [string, string][] = [
    ["a", "ends inside a container"],
    ["(", "unclosed struct"],
    ["()", "empty struct"],
    ["(i", "unclosed struct"],
    ["a{vs}", "dict key must be a basic type"],
    ["a{sss}", "exactly two types"],
    ["{ss}", "unexpected \"{\""],
    ["z", "unexpected \"z\""],
    [")", "unexpected \")\""],
    ["a".repeat(33) + "i", "nested too deeply"],
    ["y".repeat(256), "longer than 255"],
  ];
  test.each(bad)("rejects %p", (sig, message) => {
    expect(() => parseSignature(sig)).toThrow(message);
  });
});
