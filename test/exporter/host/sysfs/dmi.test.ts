import { describe, expect, test } from "bun:test";
import { toValidUtf8 } from "../../../../src/exporter/host/sysfs/dmi.ts";

describe("toValidUtf8 (Go's strings.ToValidUTF8 with U+FFFD)", () => {
  const rows: [string, number[], string][] = [
    ["ASCII", [0x44, 0x65, 0x6c, 0x6c], "Dell"],
    ["valid multi-byte kept", [0xc3, 0xa9], "é"],
    ["a run of invalid bytes becomes one replacement", [0x41, 0xff, 0xfe, 0x42], "A\uFFFDB"],
    ["separate runs stay separate", [0xff, 0x41, 0xff], "\uFFFDA\uFFFD"],
    ["truncated sequence", [0x41, 0xe2, 0x82], "A\uFFFD"],
    ["encoded U+FFFD is valid and kept", [0xef, 0xbf, 0xbd, 0x1c, 0x5b], "\uFFFD\u001c["],
  ];
  test.each(rows)("%s", (_name, bytes, want) => {
    expect(toValidUtf8(new Uint8Array(bytes))).toBe(want);
  });
});
