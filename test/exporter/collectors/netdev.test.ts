import { describe, expect, test } from "bun:test";
import { addressScope, legacyNetDevStats, netdevCollector, netlinkDeviceStats } from "../../../src/exporter/collectors/netdev.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";
import { LINK_STAT_FIELDS, type LinkStats } from "../../../src/exporter/kernel/netlink/rtnetlink-links.ts";

function linkStats(over: Partial<LinkStats>): LinkStats {
  const s = Object.fromEntries(LINK_STAT_FIELDS.map((f) => [f, 0])) as LinkStats;
  return { ...s, ...over };
}

describe("legacyNetDevStats on netlink keys", () => {
  const rows: [string, Partial<LinkStats>, Record<string, number>][] = [
    ["drop sums dropped and missed", { rxDropped: 2, rxMissedErrors: 3 }, { receive_drop: 5 }],
    ["frame sums frame, length, over and crc", { rxFrameErrors: 1, rxLengthErrors: 2, rxOverErrors: 4, rxCrcErrors: 8 }, { receive_frame: 15 }],
    ["carrier sums carrier, aborted, heartbeat, window", { txCarrierErrors: 1, txAbortedErrors: 2, txHeartbeatErrors: 4, txWindowErrors: 8 }, { transmit_carrier: 15 }],
    ["renames errors, multicast, collisions", { rxErrors: 1, txErrors: 2, multicast: 3, collisions: 4 }, { receive_errs: 1, transmit_errs: 2, receive_multicast: 3, transmit_colls: 4 }],
    ["keeps nohandler and compressed", { rxNohandler: 6, rxCompressed: 7, txCompressed: 8 }, { receive_nohandler: 6, receive_compressed: 7, transmit_compressed: 8 }],
  ];
  test.each(rows)("%s", (_name, over, want) => {
    const m = netlinkDeviceStats({ index: 1, name: "x", stats: linkStats(over) })!;
    legacyNetDevStats(m);
    expect(Object.fromEntries(m)).toMatchObject(want);
  });

  test("leaves the 17 historical names", () => {
    const m = netlinkDeviceStats({ index: 1, name: "x", stats: linkStats({}) })!;
    legacyNetDevStats(m);
    expect([...m.keys()].sort()).toEqual([
      "receive_bytes", "receive_compressed", "receive_drop", "receive_errs", "receive_fifo", "receive_frame",
      "receive_multicast", "receive_nohandler", "receive_packets", "transmit_bytes", "transmit_carrier",
      "transmit_colls", "transmit_compressed", "transmit_drop", "transmit_errs", "transmit_fifo", "transmit_packets",
    ]);
  });

  test("a link without stats gives nothing", () => {
    expect(netlinkDeviceStats({ index: 1, name: "x" })).toBeUndefined();
  });
});

describe("addressScope", () => {
  const rows: [string, number[], string][] = [
    ["IPv4 loopback", [127, 0, 0, 1], "link-local"],
    ["IPv4 link-local", [169, 254, 1, 2], "link-local"],
    ["IPv4 private is global", [10, 0, 0, 1], "global"],
    ["IPv4 multicast", [239, 1, 1, 1], ""],
    ["IPv6 loopback", [...Array(15).fill(0), 1], "link-local"],
    ["IPv6 link-local", [0xfe, 0x80, ...Array(14).fill(0)], "link-local"],
    ["IPv6 interface-local multicast", [0xff, 0x01, ...Array(14).fill(0)], "interface-local"],
    ["IPv6 global", [0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1], "global"],
  ];
  test.each(rows)("%s", (_name, bytes, want) => {
    expect(addressScope(new Uint8Array(bytes))).toBe(want);
  });
});

describe("--collector.netdev.label-ifalias (node_exporter 1.9)", () => {
  const files = {
    "proc/net/dev":
      "Inter-|   Receive                                                |  Transmit\n" +
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n" +
      "  eth0: 100 2 0 0 0 0 0 0 200 3 0 0 0 0 0 0\n" +
      "  tun9: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n",
    "sys/class/net/eth0/ifalias": "uplink to core\n",
  };
  test("adds the ifalias label; devices outside /sys/class/net keep only device", async () => {
    const t = makeHostTree(files);
    try {
      const text = await collectorScraper(netdevCollector, t.paths, ["--no-collector.netdev.netlink", "--collector.netdev.label-ifalias"])();
      expect(text).toContain('node_network_receive_bytes_total{device="eth0",ifalias="uplink to core"} 100\n');
      expect(text).toContain('node_network_receive_bytes_total{device="tun9"} 1\n');
      const plain = await collectorScraper(netdevCollector, t.paths, ["--no-collector.netdev.netlink"])();
      expect(plain).toContain('node_network_receive_bytes_total{device="eth0"} 100\n');
    } finally {
      t.remove();
    }
  });
});
