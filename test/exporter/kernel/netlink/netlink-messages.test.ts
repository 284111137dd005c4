import { describe, expect, test } from "bun:test";
import {
  attributeString,
  encodeRequest,
  errorCode,
  parseAttributes,
  splitMessages,
} from "../../../../src/exporter/kernel/netlink/netlink-messages.ts";
import { attr, concat, message } from "../../../support/netlink-frames.ts";

describe("encodeRequest", () => {
  test("writes length, type, flags and sequence little-endian", () => {
    const req = encodeRequest(18, 0x301, 7, new Uint8Array([1, 2, 3, 4]));
    expect([...req]).toEqual([20, 0, 0, 0, 18, 0, 0x01, 0x03, 7, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
  });
});

describe("splitMessages", () => {
  const rows: [string, Uint8Array, { type: number; seq: number; payloadLength: number }[]][] = [
    ["one message", message(16, 1, new Uint8Array(4)), [{ type: 16, seq: 1, payloadLength: 4 }]],
    [
      "two messages, the first padded",
      concat(message(16, 1, new Uint8Array(5)), message(3, 1, new Uint8Array(4))),
      [
        { type: 16, seq: 1, payloadLength: 5 },
        { type: 3, seq: 1, payloadLength: 4 },
      ],
    ],
    ["empty datagram", new Uint8Array(0), []],
  ];
  test.each(rows)("%s", (_name, datagram, want) => {
    expect(splitMessages(datagram).map((m) => ({ type: m.type, seq: m.seq, payloadLength: m.payload.length }))).toEqual(want);
  });

  test("rejects a length beyond the datagram", () => {
    const bad = message(16, 1, new Uint8Array(4));
    new DataView(bad.buffer).setUint32(0, 100, true);
    expect(() => splitMessages(bad)).toThrow("bad length 100");
  });
});

describe("errorCode", () => {
  const rows: [string, number[], number][] = [
    ["ack", [0, 0, 0, 0], 0],
    ["EPERM (-1)", [0xff, 0xff, 0xff, 0xff], 1],
    ["too short", [1], 0],
  ];
  test.each(rows)("%s", (_name, bytes, want) => {
    expect(errorCode(new Uint8Array(bytes))).toBe(want);
  });
});

describe("parseAttributes", () => {
  test("reads padded attributes and masks the nested flag", () => {
    const payload = concat(new Uint8Array(4), attr(3, new TextEncoder().encode("lo\0")), attr(0x8000 | 7, new Uint8Array([9])));
    const attrs = parseAttributes(payload, 4);
    expect(attributeString(attrs.get(3)!)).toBe("lo");
    expect([...attrs.get(7)!]).toEqual([9]);
  });
  test("stops at a truncated attribute", () => {
    const payload = concat(attr(1, new Uint8Array([1, 2, 3, 4])), new Uint8Array([50, 0, 2, 0]));
    expect([...parseAttributes(payload, 0).keys()]).toEqual([1]);
  });
});
