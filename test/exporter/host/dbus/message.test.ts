import { describe, expect, test } from "bun:test";
import { type DbusMessage, MessageType, decodeMessage, encodeMessage, messageLength } from "../../../../src/exporter/host/dbus/message.ts";

const hex = (s: string) => Uint8Array.from(s.split(/\s+/).filter(Boolean).map((b) => Number.parseInt(b, 16)));

// A METHOD_RETURN, serial 2, reply to 1, body "s" = "x", built by hand.
const RETURN_BYTES = hex(`
  6c 02 00 01  06 00 00 00  02 00 00 00  0f 00 00 00
  05 01 75 00  01 00 00 00  08 01 67 00  01 73 00 00
  01 00 00 00  78 00`);
const RETURN_MESSAGE: DbusMessage = {
  type: MessageType.MethodReturn,
  flags: 0,
  serial: 2,
  replySerial: 1,
  signature: "s",
  body: ["x"],
};

describe("D-Bus messages", () => {
  test("encodes a method return byte for byte", () => {
    expect([...encodeMessage(RETURN_MESSAGE)]).toEqual([...RETURN_BYTES]);
  });

  test("decodes a method return", () => {
    expect(decodeMessage(RETURN_BYTES)).toEqual(RETURN_MESSAGE);
  });

  test("messageLength reads the total from the fixed header", () => {
    expect(messageLength(RETURN_BYTES.subarray(0, 15))).toBeUndefined();
    expect(messageLength(RETURN_BYTES.subarray(0, 16))).toBe(RETURN_BYTES.length);
  });

  const roundTrips: [string, DbusMessage][] = [
    [
      "method call with every routing field",
      {
        type: MessageType.MethodCall,
        flags: 0,
        serial: 7,
        path: "/org/freedesktop/systemd1",
        interface: "org.freedesktop.DBus.Properties",
        member: "Get",
        destination: "org.freedesktop.systemd1",
        sender: ":1.5",
        signature: "ss",
        body: ["org.freedesktop.systemd1.Manager", "Version"],
      },
    ],
    [
      "error",
      {
        type: MessageType.Error,
        flags: 1,
        serial: 9,
        errorName: "org.freedesktop.DBus.Error.UnknownObject",
        replySerial: 3,
        destination: ":1.9",
        signature: "s",
        body: ["no such unit"],
      },
    ],
    ["empty body call", { type: MessageType.MethodCall, flags: 0, serial: 1, path: "/", member: "Hello", signature: "", body: [] }],
  ];
  test.each(roundTrips)("round-trips %s", (_name, m) => {
    const bytes = encodeMessage(m);
    expect(bytes.length).toBeGreaterThan(16);
    expect(messageLength(bytes)).toBe(bytes.length);
    expect(decodeMessage(bytes)).toEqual(m);
  });

  test("decodes a big-endian message", () => {
    const be = hex(`
      42 02 00 01  00 00 00 06  00 00 00 02  00 00 00 0f
      05 01 75 00  00 00 00 01  08 01 67 00  01 73 00 00
      00 00 00 01  78 00`);
    expect(decodeMessage(be)).toEqual(RETURN_MESSAGE);
  });

  const bad: [string, Uint8Array, string][] = [
    ["wrong endian byte", hex("58 02 00 01 00 00 00 00 02 00 00 00 00 00 00 00"), "want 'l' or 'B'"],
    ["protocol version 2", hex("6c 02 00 02 00 00 00 00 02 00 00 00 00 00 00 00"), "version 2"],
    ["unknown type", hex("6c 07 00 01 00 00 00 00 02 00 00 00 00 00 00 00"), "unknown D-Bus message type 7"],
    ["serial 0", hex("6c 02 00 01 00 00 00 00 00 00 00 00 00 00 00 00"), "serial is 0"],
    ["return without reply serial", hex("6c 02 00 01 00 00 00 00 02 00 00 00 00 00 00 00"), "lacks REPLY_SERIAL"],
    ["body shorter than declared", RETURN_BYTES.subarray(0, RETURN_BYTES.length - 1), "header says"],
    [
      "header field of the wrong type",
      hex("6c 02 00 01 00 00 00 00 02 00 00 00 09 00 00 00 05 01 73 00 00 00 00 00 00 00 00 00 00 00 00 00"),
      'has type "s", want "u"',
    ],
  ];
  test.each(bad)("rejects %s", (_name, bytes, message) => {
    expect(() => decodeMessage(bytes)).toThrow(message);
  });

  test("refuses to encode a call without a member", () => {
    expect(() => encodeMessage({ type: MessageType.MethodCall, flags: 0, serial: 1, path: "/", signature: "", body: [] })).toThrow(
      "lacks PATH or MEMBER",
    );
  });
});
