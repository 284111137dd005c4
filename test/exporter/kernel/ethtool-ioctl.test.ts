import { describe, expect, test } from "bun:test";
import { decodeDriverInfo, decodeLinkInfo, decodeStats } from "../../../src/exporter/kernel/ethtool-ioctl.ts";

const enc = new TextEncoder();

describe("decodeDriverInfo", () => {
  test("strings and n_stats of struct ethtool_drvinfo", () => {
    const buf = new Uint8Array(196);
    const put = (i: number, s: string) => buf.set(enc.encode(s), 4 + i * 32);
    put(0, "virtio_net");
    put(1, "1.0.0");
    put(3, "0000:00:03.0");
    new DataView(buf.buffer).setUint32(180, 17, true);
    expect(decodeDriverInfo(buf)).toEqual({
      driver: "virtio_net",
      version: "1.0.0",
      fwVersion: "",
      busInfo: "0000:00:03.0",
      eromVersion: "",
      nStats: 17,
    });
  });
});

describe("decodeLinkInfo", () => {
  test("supported, advertising and autoneg of struct ethtool_cmd", () => {
    const buf = new Uint8Array(44);
    const v = new DataView(buf.buffer);
    v.setUint32(4, 0x20ef, true);
    v.setUint32(8, 0x202f, true);
    v.setUint8(18, 1);
    expect(decodeLinkInfo(buf)).toEqual({ supported: 0x20ef, advertising: 0x202f, autoneg: 1 });
  });
});

describe("decodeStats", () => {
  const rows: [string, string[], bigint[], Record<string, number>][] = [
    ["names with values", ["rx_packets", "tx_packets"], [5n, 7n], { rx_packets: 5, tx_packets: 7 }],
    ["empty names dropped", ["", "tx_kicks"], [1n, 2n], { tx_kicks: 2 }],
    ["32-byte names without NUL", ["a".repeat(32)], [3n], { ["a".repeat(32)]: 3 }],
    ["repeated names keep the last", ["x", "x"], [1n, 9n], { x: 9 }],
  ];
  test.each(rows)("%s", (_n, names, values, want) => {
    const strings = new Uint8Array(names.length * 32);
    names.forEach((n, i) => strings.set(enc.encode(n), i * 32));
    const vals = new Uint8Array(values.length * 8);
    values.forEach((x, i) => new DataView(vals.buffer).setBigUint64(i * 8, x, true));
    expect(Object.fromEntries(decodeStats(strings, vals, names.length))).toEqual(want);
  });
});
