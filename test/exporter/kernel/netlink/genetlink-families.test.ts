import { describe, expect, test } from "bun:test";
import { parseFamilyMessages } from "../../../../src/exporter/kernel/netlink/genetlink-families.ts";
import { attr } from "../../../support/netlink-frames.ts";

describe("parseFamilyMessages", () => {
  const family = (id: number, name: string) => ({
    type: 16,
    flags: 2,
    seq: 1,
    payload: new Uint8Array([1, 2, 0, 0, ...attr(1, new Uint8Array([id & 0xff, id >> 8])), ...attr(2, new TextEncoder().encode(`${name}\0`))]),
  });
  test("maps names to ids", () => {
    expect(parseFamilyMessages([family(16, "nlctrl"), family(0x1c, "nl80211")])).toEqual(
      new Map([
        ["nlctrl", 16],
        ["nl80211", 0x1c],
      ]),
    );
  });
  test("ignores other message types and short payloads", () => {
    expect(parseFamilyMessages([{ ...family(20, "x"), type: 2 }, { type: 16, flags: 0, seq: 1, payload: new Uint8Array(2) }]).size).toBe(0);
  });
});
