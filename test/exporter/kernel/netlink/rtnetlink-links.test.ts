import { describe, expect, test } from "bun:test";
import { decodeLinkStats, linkNameAt, parseLinkMessage, parseLinkMessages } from "../../../../src/exporter/kernel/netlink/rtnetlink-links.ts";
import { attr, concat, message } from "../../../support/netlink-frames.ts";

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
  test("alternative names from the nested IFLA_PROP_LIST", () => {
    const alt = (s: string) => attr(53, new TextEncoder().encode(`${s}\0`));
    const link = parseLinkMessage(concat(ifinfo(2), name("eth0"), attr(52, concat(alt("enp0s3"), alt("uplink")))));
    expect(link.attributes.altNames).toEqual(["enp0s3", "uplink"]);
    expect(parseLinkMessage(concat(ifinfo(3), name("lo"))).attributes.altNames).toEqual([]);
  });
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

describe("link attributes", () => {
  const u8 = (type: number, v: number) => attr(type, new Uint8Array([v]));
  const u32 = (type: number, v: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    return attr(type, b);
  };
  function header(type: number, index: number, flags: number): Uint8Array {
    const b = new Uint8Array(16);
    const v = new DataView(b.buffer);
    v.setUint16(2, type, true);
    v.setInt32(4, index, true);
    v.setUint32(8, flags, true);
    return b;
  }
  const eth0 = parseLinkMessage(
    concat(
      header(1, 4, 0x11043),
      name("eth0"),
      attr(1, new Uint8Array([2, 0xfc, 0, 0, 0, 1])),
      attr(2, new Uint8Array([255, 255, 255, 255, 255, 255])),
      u32(4, 1400),
      u32(13, 1000),
      u8(16, 6),
      u8(17, 0),
      attr(20, new TextEncoder().encode("uplink\0")),
      u32(27, 0),
      u8(33, 1),
      u32(35, 3),
      u32(47, 2),
      u32(48, 1),
      attr(23, stats64(seq(25))),
    ),
  );
  const bare = parseLinkMessage(concat(header(772, 1, 0x10049), name("lo"), attr(4, new Uint8Array([1, 0]))));
  const rows: [string, unknown, unknown][] = [
    ["ifi_type", eth0.attributes.type, 1],
    ["ifi_flags", eth0.attributes.flags, 0x11043],
    ["address", Array.from(eth0.attributes.address ?? []), [2, 0xfc, 0, 0, 0, 1]],
    ["broadcast length", eth0.attributes.broadcast?.length, 6],
    ["mtu", eth0.attributes.mtu, 1400],
    ["txqlen", eth0.attributes.txQueueLen, 1000],
    ["operstate", eth0.attributes.operState, 6],
    ["linkmode 0 is present", eth0.attributes.linkMode, 0],
    ["alias without its NUL", eth0.attributes.alias, "uplink"],
    ["group 0 is present", eth0.attributes.group, 0],
    ["carrier", eth0.attributes.carrier, 1],
    ["carrier changes", eth0.attributes.carrierChanges, 3],
    ["carrier up", eth0.attributes.carrierUpCount, 2],
    ["carrier down", eth0.attributes.carrierDownCount, 1],
    ["stats64 flagged", eth0.stats64, true],
    ["no IFLA_LINK reads 0", eth0.attributes.link, 0],
    ["bare: no address", bare.attributes.address, undefined],
    ["bare: too short an MTU reads 0", bare.attributes.mtu, 0],
    ["bare: no operstate is unknown (0)", bare.attributes.operState, 0],
    ["bare: no carrier", bare.attributes.carrier, undefined],
    ["bare: no alias", bare.attributes.alias, undefined],
    ["bare: no stats64", bare.stats64, false],
    ["bare: ifi_type", bare.attributes.type, 772],
  ];
  test.each(rows)("%s", (_what, got, want) => {
    expect(got).toEqual(want);
  });
  test("IFLA_LINK of a stacked device", () => {
    expect(parseLinkMessage(concat(header(1, 7, 0), name("vlan7"), u32(5, 4))).attributes.link).toBe(4);
  });
});

describe("linkNameAt", () => {
  // The payload at an offset inside a larger buffer, as in the receive buffer.
  const at = (payload: Uint8Array) => {
    const buf = concat(new Uint8Array(20), payload, new Uint8Array(8));
    return linkNameAt(new DataView(buf.buffer), 20, 20 + payload.length);
  };
  const rows: [string, Uint8Array, { index: number; name: string }][] = [
    ["name after other attributes", concat(ifinfo(2), attr(7, new Uint8Array(96)), name("eth0"), attr(4, new Uint8Array(4))), { index: 2, name: "eth0" }],
    ["no IFLA_IFNAME", concat(ifinfo(5), attr(4, new Uint8Array(4))), { index: 5, name: "" }],
    ["stops at a truncated attribute", concat(ifinfo(1), name("lo"), new Uint8Array([200, 0, 3, 0])), { index: 1, name: "lo" }],
  ];
  test.each(rows)("%s", (_name, payload, want) => {
    expect(at(payload)).toEqual(want);
    expect(at(payload)).toEqual({ index: parseLinkMessage(payload).index, name: parseLinkMessage(payload).name });
  });
  test("rejects a payload shorter than ifinfomsg", () => {
    expect(() => linkNameAt(new DataView(new ArrayBuffer(8)), 0, 8)).toThrow("want at least 16");
  });
});
