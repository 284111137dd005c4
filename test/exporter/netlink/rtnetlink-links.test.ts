import { describe, expect, test } from "bun:test";
import { decodeLinkStats, parseLinkMessage, parseLinkMessages } from "../../../src/exporter/netlink/rtnetlink-links.ts";
import { attr, concat, message } from "../../support/netlink-frames.ts";

function stats64(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 8);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setBigUint64(i * 8, BigInt(x), true));
  return b;
}
function stats32(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 4);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setUint32(i * 4, x, true));
  return b;
}
function ifinfo(index: number): Uint8Array {
  const b = new Uint8Array(16);
  new DataView(b.buffer).setInt32(4, index, true);
  return b;
}
const name = (s: string) => attr(3, new TextEncoder().encode(`${s}\0`));
const seq = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("decodeLinkStats", () => {
  const rows: [string, Uint8Array, 4 | 8, Record<string, number>][] = [
    ["stats64 with rx_nohandler (24 fields)", stats64(seq(24)), 8, { rxPackets: 1, txBytes: 4, collisions: 10, rxNohandler: 24 }],
    ["stats64 of an older kernel (23 fields)", stats64(seq(23)), 8, { rxMissedErrors: 16, txCompressed: 23, rxNohandler: 0 }],
    ["stats64 with rx_otherhost_dropped (25 fields)", stats64(seq(25)), 8, { rxNohandler: 24 }],
    ["32-bit stats", stats32(seq(24)), 4, { rxBytes: 3, multicast: 9, rxNohandler: 24 }],
  ];
  test.each(rows)("%s", (_name, data, width, want) => {
    expect(decodeLinkStats(data, width)).toMatchObject(want);
  });
});

describe("parseLinkMessage", () => {
  test("prefers IFLA_STATS64 over IFLA_STATS", () => {
    const link = parseLinkMessage(concat(ifinfo(2), name("eth0"), attr(7, stats32(seq(24))), attr(23, stats64(seq(24).map((x) => x * 1000)))));
    expect(link.index).toBe(2);
    expect(link.name).toBe("eth0");
    expect(link.stats?.rxBytes).toBe(3000);
  });
  test("falls back to 32-bit stats", () => {
    expect(parseLinkMessage(concat(ifinfo(1), name("lo"), attr(7, stats32(seq(24))))).stats?.txPackets).toBe(2);
  });
  test("no stats at all", () => {
    expect(parseLinkMessage(concat(ifinfo(3), name("dummy0"))).stats).toBeUndefined();
  });
  test("counters beyond 2^32 survive", () => {
    expect(parseLinkMessage(concat(ifinfo(1), attr(23, stats64([5, 6, 2 ** 40])))).stats?.rxBytes).toBe(2 ** 40);
  });
  test("rejects a short message", () => {
    expect(() => parseLinkMessage(new Uint8Array(8))).toThrow("want at least 16");
  });
});

describe("parseLinkMessages", () => {
  test("keeps only RTM_NEWLINK messages", () => {
    const msgs = [
      { type: 16, flags: 0, seq: 1, payload: concat(ifinfo(1), name("lo")) },
      { type: 3, flags: 0, seq: 1, payload: new Uint8Array(4) },
    ];
    expect(parseLinkMessages(msgs).map((l) => l.name)).toEqual(["lo"]);
  });
  test("message helper round trip", () => {
    expect(message(16, 1, new Uint8Array(3)).length).toBe(20);
  });
});
