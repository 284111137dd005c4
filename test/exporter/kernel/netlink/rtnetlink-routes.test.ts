import { describe, expect, test } from "bun:test";
import { parseMultipath, parseRouteMessage } from "../../../../src/exporter/kernel/netlink/rtnetlink-routes.ts";

function attr(type: number, data: number[]): number[] {
  const len = 4 + data.length;
  const out = new Array(((len + 3) & ~3) - len).fill(0);
  return [len & 0xff, len >> 8, type & 0xff, type >> 8, ...data, ...out];
}
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
// family, dst_len, src_len, tos, table, protocol, scope, type, flags
const rtmsg = (family: number, dstLen: number, protocol: number, type: number) => [family, dstLen, 0, 0, 254, protocol, 0, type, 0, 0, 0, 0];

describe("parseRouteMessage", () => {
  test("IPv4 default route via a gateway", () => {
    const r = parseRouteMessage(new Uint8Array([...rtmsg(2, 0, 3, 1), ...attr(5, [192, 0, 2, 1]), ...attr(4, u32(2)), ...attr(6, u32(100))]));
    expect(r).toMatchObject({ family: 2, dstLength: 0, protocol: 3, type: 1, outIface: 2, priority: 100 });
    expect([...r.gateway]).toEqual([192, 0, 2, 1]);
    expect(r.dst.length).toBe(0);
  });
  test("prefsrc is the source", () => {
    const r = parseRouteMessage(new Uint8Array([...rtmsg(2, 24, 2, 1), ...attr(1, [10, 0, 0, 0]), ...attr(7, [10, 0, 0, 5])]));
    expect([...r.src]).toEqual([10, 0, 0, 5]);
    expect([...r.dst]).toEqual([10, 0, 0, 0]);
  });
  test("a malformed address is an error", () => {
    expect(() => parseRouteMessage(new Uint8Array([...rtmsg(2, 24, 2, 1), ...attr(1, [10, 0, 0])]))).toThrow("RTA_DST has 3 bytes");
  });
  test("short header", () => {
    expect(() => parseRouteMessage(new Uint8Array(4))).toThrow("want at least 12");
  });
});

describe("parseMultipath", () => {
  test("two hops with gateways", () => {
    const gw1 = attr(5, [10, 0, 0, 1]);
    const gw2 = attr(5, [10, 0, 1, 1]);
    const hop = (hops: number, ifindex: number, attrs: number[]) => [8 + attrs.length, 0, 0, hops, ...u32(ifindex), ...attrs];
    const hopsList = parseMultipath(new Uint8Array([...hop(0, 2, gw1), ...hop(1, 3, gw2)]));
    expect(hopsList.map((h) => [h.ifIndex, h.hops, [...h.gateway].join(".")])).toEqual([
      [2, 0, "10.0.0.1"],
      [3, 1, "10.0.1.1"],
    ]);
  });
});
