import { describe, expect, test } from "bun:test";
import { duplexName, encodeLinkModesRequest, parseLinkModeMessages } from "../../../../src/exporter/kernel/netlink/ethtool-link-modes.ts";
import { parseAttributes } from "../../../../src/exporter/kernel/netlink/netlink-messages.ts";
import { attr, concat } from "../../../support/netlink-frames.ts";

const FAMILY = 20;
const u8 = (type: number, v: number) => attr(type, new Uint8Array([v]));
const u32 = (type: number, v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return attr(type, b);
};
const str = (type: number, s: string) => attr(type, new TextEncoder().encode(`${s}\0`));
const genl = (cmd: number) => new Uint8Array([cmd, 1, 0, 0]);
const devHeader = (index: number, name: string) => attr(1 | 0x8000, concat(u32(1, index), str(2, name)));
const reply = (...attrs: Uint8Array[]) => ({ type: FAMILY, flags: 0, seq: 1, payload: concat(genl(4), ...attrs) });

describe("parseLinkModeMessages", () => {
  const rows: [string, ReturnType<typeof reply>, object | undefined][] = [
    ["1 Gbit/s full duplex", reply(devHeader(2, "eth0"), u32(5, 1000), u8(6, 1)), { index: 2, name: "eth0", speedMegabits: 1000, duplex: 1 }],
    ["SPEED_UNKNOWN stays an unsigned u32", reply(devHeader(4, "eth1"), u32(5, 0xffffffff), u8(6, 255)), { speedMegabits: 4294967295, duplex: 255 }],
    ["missing speed and duplex read 0", reply(devHeader(5, "veth0")), { name: "veth0", speedMegabits: 0, duplex: 0 }],
    ["no header: empty name", reply(u32(5, 10)), { index: 0, name: "", speedMegabits: 10 }],
    ["another command is skipped", { type: FAMILY, flags: 0, seq: 1, payload: concat(genl(2), devHeader(2, "eth0")) }, undefined],
    ["another family is skipped", { ...reply(devHeader(2, "eth0")), type: FAMILY + 1 }, undefined],
    ["a truncated genl header is skipped", { type: FAMILY, flags: 0, seq: 1, payload: new Uint8Array(2) }, undefined],
  ];
  test.each(rows)("%s", (_name, msg, want) => {
    const got = parseLinkModeMessages([msg], FAMILY);
    if (want === undefined) expect(got).toEqual([]);
    else expect(got[0]).toMatchObject(want);
  });
});

describe("encodeLinkModesRequest", () => {
  test("LINKMODES_GET v1 with a nested header asking for compact bitsets", () => {
    const req = encodeLinkModesRequest();
    expect(Array.from(req.subarray(0, 2))).toEqual([4, 1]);
    const top = parseAttributes(req, 4);
    expect(new DataView(req.buffer).getUint16(6, true)).toBe(0x8001);
    const flags = parseAttributes(top.get(1)!, 0).get(3)!;
    expect(new DataView(flags.buffer, flags.byteOffset, 4).getUint32(0, true)).toBe(1);
  });
});

describe("duplexName", () => {
  const rows: [number, string][] = [
    [0, "Half"],
    [1, "Full"],
    [255, "Unknown"],
    [7, "Duplex(7)"],
  ];
  test.each(rows)("%p -> %s", (d, want) => {
    expect(duplexName(d)).toBe(want);
  });
});
