import { describe, expect, test } from "bun:test";
import {
  SnappyError,
  crc32c,
  decodeSnappyBlock,
  decodeSnappyFramed,
  maskedCrc32c,
} from "../../src/gateway/snappy-frame.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const STREAM_ID = [0xff, 6, 0, 0, ...enc("sNaPpY")];

function chunk(type: number, body: number[]): number[] {
  return [type, body.length & 0xff, (body.length >> 8) & 0xff, body.length >> 16, ...body];
}
function le32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
}
function uncompressed(s: string): number[] {
  const data = enc(s);
  return chunk(0x01, [...le32(maskedCrc32c(data)), ...data]);
}
function compressed(plain: string, block: number[]): number[] {
  return chunk(0x00, [...le32(maskedCrc32c(enc(plain))), ...block]);
}

// "abcabcabcabc": length 12, literal "abc", copy (1-byte offset) length 9 offset 3.
const ABC_BLOCK = [12, 0x08, ...enc("abc"), 0x15, 3];

describe("crc32c", () => {
  test("standard check value", () => {
    expect(crc32c(enc("123456789"))).toBe(0xe3069283);
  });
});

describe("decodeSnappyBlock", () => {
  const rows: [string, number[], string][] = [
    ["literal only", [5, 0x10, ...enc("hello")], "hello"],
    ["overlapping 1-byte-offset copy", ABC_BLOCK, "abcabcabcabc"],
    ["2-byte-offset copy", [6, 0x08, ...enc("xyz"), (3 - 1) << 2 | 2, 3, 0], "xyzxyz"],
    ["4-byte-offset copy", [4, 0x04, ...enc("ab"), (2 - 1) << 2 | 3, 2, 0, 0, 0], "abab"],
    ["long literal with a 1-byte length", [61, 60 << 2, 60, ...enc("z".repeat(61))], "z".repeat(61)],
    ["empty", [0], ""],
  ];
  for (const [title, block, want] of rows) {
    test(title, () => expect(dec(decodeSnappyBlock(new Uint8Array(block)))).toBe(want));
  }
  const bad: [string, number[]][] = [
    ["copy before any output", [4, 0x15, 3]],
    ["offset beyond output", [5, 0x00, ...enc("a"), 0x01, 2]],
    ["length mismatch", [9, 0x08, ...enc("abc")]],
    ["truncated literal", [5, 0x10, ...enc("he")]],
    ["no length", []],
  ];
  for (const [title, block] of bad) {
    test(`rejects ${title}`, () => expect(() => decodeSnappyBlock(new Uint8Array(block))).toThrow(SnappyError));
  }
});

describe("decodeSnappyFramed", () => {
  test("stream of compressed, uncompressed, padding and skippable chunks", () => {
    const stream = [
      ...STREAM_ID,
      ...compressed("abcabcabcabc", ABC_BLOCK),
      ...chunk(0xfe, [0, 0, 0]),
      ...uncompressed("\nfoo 1\n"),
      ...chunk(0x80, [1, 2]),
      ...STREAM_ID,
    ];
    expect(dec(decodeSnappyFramed(new Uint8Array(stream)))).toBe("abcabcabcabc\nfoo 1\n");
  });

  test("an empty stream is empty", () => {
    expect(decodeSnappyFramed(new Uint8Array(STREAM_ID)).length).toBe(0);
  });

  const bad: [string, number[], string][] = [
    ["missing stream identifier", uncompressed("x"), "does not start with the stream identifier"],
    ["bad checksum", [...STREAM_ID, ...chunk(0x01, [0, 0, 0, 0, ...enc("x")])], "checksum mismatch"],
    ["unskippable reserved chunk", [...STREAM_ID, ...chunk(0x02, [])], "unskippable chunk type 0x2"],
    ["cut-off chunk", [...STREAM_ID, 0x01, 10, 0, 0, 1], "is cut off"],
    ["bad stream identifier", [0xff, 6, 0, 0, ...enc("sNaPpX")], "bad stream identifier"],
    ["raw (unframed) snappy", [5, 0x10, ...enc("hello")], "snappy: corrupt input"],
  ];
  for (const [title, stream, message] of bad) {
    test(`rejects ${title}`, () => expect(() => decodeSnappyFramed(new Uint8Array(stream))).toThrow(message));
  }
});
