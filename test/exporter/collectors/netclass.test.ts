import { describe, expect, test } from "bun:test";
import {
  adminState,
  emitLinkModeSpeed,
  emitNetClassIface,
  emitNetClassRtnlLink,
  hardwareAddr,
} from "../../../src/exporter/collectors/netclass.ts";
import type { DecodedLink, LinkStats } from "../../../src/exporter/kernel/netlink/rtnetlink-links.ts";
import { LINK_STAT_FIELDS } from "../../../src/exporter/kernel/netlink/rtnetlink-links.ts";
import { parseNetClassAttributes } from "../../../src/exporter/host/sysfs/net-class.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";

describe("adminState", () => {
  const rows: [number | undefined, string][] = [
    [undefined, "unknown"],
    [0x1003, "up"],
    [0x1002, "down"],
  ];
  test.each(rows)("flags %p -> %s", (flags, want) => {
    expect(adminState(flags)).toBe(want);
  });
});

describe("emitNetClassIface speed", () => {
  const speedOf = (speed: string, ignoreInvalid: boolean) => {
    const out = new FamilyBuilder();
    emitNetClassIface(out, parseNetClassAttributes("eth0", new Map([["speed", speed]])), ignoreInvalid);
    return out.build().find((f) => f.name === "node_network_speed_bytes")?.metrics[0]?.value;
  };
  const rows: [string, boolean, number | undefined][] = [
    ["1000", false, 125000000],
    ["-1", false, -125000],
    ["-1", true, undefined],
    ["10", true, 1250000],
  ];
  test.each(rows)("speed %s ignoreInvalid=%p", (speed, ignore, want) => {
    expect(speedOf(speed, ignore)).toBe(want);
  });
});

describe("hardwareAddr", () => {
  const rows: [Uint8Array | undefined, string][] = [
    [undefined, ""],
    [new Uint8Array([2, 0xfc, 0, 0, 0, 1]), "02:fc:00:00:00:01"],
    [new Uint8Array([10, 0, 0, 1]), "0a:00:00:01"],
  ];
  test.each(rows)("%p -> %s", (bytes, want) => {
    expect(hardwareAddr(bytes)).toBe(want);
  });
});

describe("emitLinkModeSpeed", () => {
  const rows: [number, number][] = [
    [1000, 125000000],
    [10, 1250000],
    // SPEED_UNKNOWN as the u32 the kernel sends; upstream reports it, ignore-invalid-speed or not.
    [4294967295, 536870911875000],
  ];
  test.each(rows)("%p Mbit/s", (mbit, want) => {
    const out = new FamilyBuilder();
    emitLinkModeSpeed(out, { index: 2, name: "eth0", speedMegabits: mbit, duplex: 1 });
    expect(out.build().find((f) => f.name === "node_network_speed_bytes")?.metrics[0]?.value).toBe(want);
  });
});

describe("emitNetClassRtnlLink", () => {
  const stats = Object.fromEntries(LINK_STAT_FIELDS.map((f, i) => [f, i + 1])) as LinkStats;
  const eth0: DecodedLink = {
    index: 4,
    name: "eth0",
    stats,
    stats64: true,
    attributes: {
      type: 1,
      flags: 0x11043,
      address: new Uint8Array([2, 0xfc, 0, 0, 0, 1]),
      broadcast: new Uint8Array([255, 255, 255, 255, 255, 255]),
      mtu: 1400,
      link: 0,
      txQueueLen: 1000,
      operState: 6,
      linkMode: 1,
      group: 0,
      carrier: 1,
      carrierChanges: 3,
      carrierUpCount: 2,
      carrierDownCount: 1,
      altNames: ["enp0s3", "uplink"],
    },
  };
  const sysfs = parseNetClassAttributes("eth0", new Map([["addr_assign_type", "0"], ["dev_id", "0x0"], ["name_assign_type", "4"]]));
  const emit = (link: DecodedLink, withStats = false, duplex?: number) => {
    const out = new FamilyBuilder();
    emitNetClassRtnlLink(out, link, sysfs, duplex === undefined ? undefined : { index: link.index, name: link.name, speedMegabits: 1000, duplex }, withStats);
    return out.build();
  };
  const value = (families: ReturnType<typeof emit>, name: string) => families.find((f) => f.name === name)?.metrics[0]?.value;
  const all = emit(eth0);
  const rows: [string, number | undefined][] = [
    ["node_network_up", 1],
    ["node_network_flags", 0x11043],
    ["node_network_iface_id", 4],
    ["node_network_iface_link", 4],
    ["node_network_iface_link_mode", 1],
    ["node_network_dormant", 1],
    ["node_network_mtu_bytes", 1400],
    ["node_network_net_dev_group", 0],
    ["node_network_transmit_queue_length", 1000],
    ["node_network_protocol_type", 1],
    ["node_network_carrier", 1],
    ["node_network_carrier_changes_total", 3],
    ["node_network_carrier_up_changes_total", 2],
    ["node_network_carrier_down_changes_total", 1],
    ["node_network_address_assign_type", 0],
    ["node_network_device_id", 0],
    ["node_network_name_assign_type", 4],
    ["node_network_speed_bytes", undefined],
    ["node_network_receive_bytes_total", undefined],
  ];
  test.each(rows)("%s", (name, want) => {
    expect(value(all, name)).toBe(want);
  });

  test("info labels: no adminstate, ethtool's duplex name", () => {
    const info = emit(eth0, false, 1).find((f) => f.name === "node_network_info");
    expect(info?.help).toBe("Non-numeric data of <iface>, value is always 1.");
    expect(info?.metrics[0]?.labels).toEqual({
      device: "eth0",
      address: "02:fc:00:00:00:01",
      broadcast: "ff:ff:ff:ff:ff:ff",
      duplex: "Full",
      operstate: "up",
      ifalias: "",
    });
  });
  test("info duplex is empty without a link mode", () => {
    expect(emit(eth0).find((f) => f.name === "node_network_info")?.metrics[0]?.labels.duplex).toBe("");
  });
  test("carrier counters are counters", () => {
    expect(all.find((f) => f.name === "node_network_carrier_changes_total")?.type).toBe("counter");
  });
  test("one altnames_info series per alternative name (node_exporter 1.11)", () => {
    const alt = emit(eth0).find((f) => f.name === "node_network_altnames_info");
    expect(alt?.metrics.map((m) => m.labels)).toEqual([
      { altname: "enp0s3", device: "eth0" },
      { altname: "uplink", device: "eth0" },
    ]);
  });
  test("IFLA_LINK of a stacked device", () => {
    expect(value(emit({ ...eth0, attributes: { ...eth0.attributes, link: 2 } }), "node_network_iface_link")).toBe(2);
  });
  test("absent attributes leave their series out", () => {
    const bare = emit({ index: 9, name: "x", stats64: false, attributes: { type: 65534, flags: 0, mtu: 0, link: 0, operState: 0, altNames: [] } });
    expect(value(bare, "node_network_carrier")).toBeUndefined();
    expect(value(bare, "node_network_up")).toBe(0);
    expect(value(bare, "node_network_mtu_bytes")).toBe(0);
    expect(bare.find((f) => f.name === "node_network_info")?.metrics[0]?.labels.operstate).toBe("unknown");
  });
  test("with-stats adds the stats64 counters as gauges", () => {
    const families = emit(eth0, true);
    expect(value(families, "node_network_receive_bytes_total")).toBe(3);
    expect(value(families, "node_network_receive_nohandler_total")).toBe(24);
    expect(families.find((f) => f.name === "node_network_receive_bytes_total")?.type).toBe("gauge");
  });
  test("with-stats needs IFLA_STATS64, not the 32-bit stats", () => {
    expect(value(emit({ ...eth0, stats64: false }, true), "node_network_receive_bytes_total")).toBeUndefined();
  });
});
