import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bssStatusMode, collectWifi, fixtureWifiSource, wifiCollector } from "../../../src/exporter/collectors/wifi.ts";
import { NoDataError } from "../../../src/exporter/collector.ts";
import { listGenericFamilies } from "../../../src/exporter/kernel/netlink/genetlink-families.ts";
import { type NetlinkMessage, splitMessages } from "../../../src/exporter/kernel/netlink/netlink-messages.ts";
import { nl80211Client } from "../../../src/exporter/kernel/netlink/nl80211-client.ts";
import { Paths } from "../../../src/exporter/paths.ts";
import { collectorContext } from "../../support/host-tree.ts";
import { attr, concat, message } from "../../support/netlink-frames.ts";
import { skipWithoutHardware } from "../../support/requirements.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { writeText } from "../../../src/metrics/text-writer.ts";

describe("bssStatusMode", () => {
  test.each([
    [0, "client"],
    [1, "client"],
    [2, "ad-hoc"],
    [7, "unknown"],
  ])("%p -> %s", (status, mode) => {
    expect(bssStatusMode(status)).toBe(mode);
  });
});

describe("collectWifi from fixtures", () => {
  const root = mkdtempSync(join(tmpdir(), "mon-wifi-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, "interfaces.json"), '[{"name":"wlp2s0","type":2,"frequency":5180},{"name":"wlx1","frequency":2437},{"type":10}]');
  mkdirSync(join(root, "wlp2s0"));
  writeFileSync(join(root, "wlp2s0/bss.json"), '{"ssid":"Home","bssid":"ESIzRFVm","status":2}');
  writeFileSync(
    join(root, "wlp2s0/stationinfo.json"),
    '[{"hardwareaddr":"ESIzRFVm","connected":5000000000,"inactive":250000000,"receivebitrate":866700000,"signal":-61,"beaconloss":3,"receivedpackets":11,"transmittedpackets":12}]',
  );
  const out = new FamilyBuilder();
  collectWifi(out, fixtureWifiSource(root), silentLogger);
  const text = writeText(out.build());

  const rows: string[] = [
    'node_wifi_interface_frequency_hertz{device="wlp2s0"} 5.18e+09',
    'node_wifi_interface_frequency_hertz{device="wlx1"} 2.437e+09',
    'node_wifi_station_info{bssid="11:22:33:44:55:66",device="wlp2s0",mode="ad-hoc",ssid="Home"} 1',
    'node_wifi_station_connected_seconds_total{device="wlp2s0",mac_address="11:22:33:44:55:66"} 5',
    'node_wifi_station_inactive_seconds{device="wlp2s0",mac_address="11:22:33:44:55:66"} 0.25',
    'node_wifi_station_receive_bits_per_second{device="wlp2s0",mac_address="11:22:33:44:55:66"} 8.667e+08',
    'node_wifi_station_signal_dbm{device="wlp2s0",mac_address="11:22:33:44:55:66"} -61',
    'node_wifi_station_beacon_loss_total{device="wlp2s0",mac_address="11:22:33:44:55:66"} 3',
    'node_wifi_station_received_packets_total{device="wlp2s0",mac_address="11:22:33:44:55:66"} 11',
    'node_wifi_station_transmitted_packets_total{device="wlp2s0",mac_address="11:22:33:44:55:66"} 12',
  ];
  test.each(rows)("%s", (line) => {
    expect(text).toContain(`${line}\n`);
  });
  test("an interface without fixture files has only its frequency", () => {
    expect(text).not.toContain('device="wlx1",');
  });
  test("missing interfaces.json fails", () => {
    expect(() => collectWifi(new FamilyBuilder(), fixtureWifiSource(join(root, "none")), silentLogger)).toThrow(
      "failed to retrieve wifi interfaces",
    );
  });
});

describe("collectWifi from nl80211 answers", () => {
  const u16 = (n: number) => new Uint8Array(new Uint16Array([n]).buffer);
  const u32 = (n: number) => new Uint32Array([n]).buffer;
  const b32 = (n: number) => new Uint8Array(u32(n));
  const str = (t: string) => new TextEncoder().encode(`${t}\0`);
  const mac = new Uint8Array([0x11, 0x22, 0x33, 0x44, 0x55, 0x66]);
  const peer = new Uint8Array([0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01]);
  const answers = (...bodies: Uint8Array[]) => bodies.flatMap((b) => splitMessages(message(0x1c, 1, concat(new Uint8Array([7, 1, 0, 0]), b))));
  const errno = (n: number) => Object.assign(new Error(`errno ${n}`), { errno: n });
  // The kernel's side: answers by command (first payload byte) and ifindex (bytes 8-11).
  function kernel(stationErrno?: number) {
    return (payload: Uint8Array): NetlinkMessage[] => {
      const ifindex = payload.length >= 12 ? new DataView(payload.buffer, payload.byteOffset).getUint32(8, true) : 0;
      if (payload[0] === 5) {
        return answers(
          concat(attr(3, b32(3)), attr(4, str("wlan0")), attr(6, mac), attr(5, b32(2)), attr(38, b32(5180))),
          concat(attr(3, b32(9)), attr(4, str("mon0")), attr(5, b32(6)), attr(38, b32(2412))),
          concat(attr(5, b32(10)), attr(153, new Uint8Array(8))),
        );
      }
      if (payload[0] === 32 && ifindex === 3) {
        const ies = new Uint8Array([0, 4, 0x48, 0x6f, 0x6d, 0x65]);
        return answers(concat(attr(3, b32(3)), attr(47, concat(attr(1, peer), attr(4, u16(100)), attr(6, ies), attr(9, b32(1))))));
      }
      if (payload[0] === 32) throw errno(2);
      if (payload[0] === 17 && ifindex === 3) {
        const info = concat(attr(1, b32(1500)), attr(16, b32(42)), attr(7, new Uint8Array([0xc3])), attr(8, attr(5, b32(8667))), attr(23, new Uint8Array(new BigUint64Array([7n]).buffer)), attr(18, b32(2)));
        return answers(concat(attr(3, b32(3)), attr(6, peer), attr(21, info)));
      }
      if (stationErrno !== undefined) throw errno(stationErrno);
      return [];
    };
  }
  const out = new FamilyBuilder();
  collectWifi(out, nl80211Client(kernel()), silentLogger);
  const text = writeText(out.build());
  test.each([
    'node_wifi_interface_frequency_hertz{device="wlan0"} 5.18e+09',
    'node_wifi_interface_frequency_hertz{device="mon0"} 2.412e+09',
    'node_wifi_station_info{bssid="aa:bb:cc:dd:ee:01",device="wlan0",mode="client",ssid="Home"} 1',
    'node_wifi_station_connected_seconds_total{device="wlan0",mac_address="aa:bb:cc:dd:ee:01"} 42',
    'node_wifi_station_inactive_seconds{device="wlan0",mac_address="aa:bb:cc:dd:ee:01"} 1.5',
    'node_wifi_station_transmit_bits_per_second{device="wlan0",mac_address="aa:bb:cc:dd:ee:01"} 8.667e+08',
    'node_wifi_station_receive_bits_per_second{device="wlan0",mac_address="aa:bb:cc:dd:ee:01"} 0',
    'node_wifi_station_receive_bytes_total{device="wlan0",mac_address="aa:bb:cc:dd:ee:01"} 7',
    'node_wifi_station_signal_dbm{device="wlan0",mac_address="aa:bb:cc:dd:ee:01"} -61',
    'node_wifi_station_beacon_loss_total{device="wlan0",mac_address="aa:bb:cc:dd:ee:01"} 2',
  ])("%s", (line) => {
    expect(text).toContain(`${line}\n`);
  });
  test("an interface without BSS (ENOENT) or stations (empty dump) has only its frequency", () => {
    expect(text.match(/device="mon0"/g)?.length).toBe(1);
  });
  test("the nameless P2P device is skipped", () => {
    expect(text.match(/node_wifi_interface_frequency_hertz\{/g)?.length).toBe(2);
  });
  test("a station dump failing otherwise fails the scrape, naming the device", () => {
    expect(() => collectWifi(new FamilyBuilder(), nl80211Client(kernel(95)), silentLogger)).toThrow(
      'failed to retrieve station info for device "mon0": nl80211 GET_STATION for interface mon0 (index 9): errno 95',
    );
  });
});

describe("wifi collector live on this host", () => {
  let hasNl80211 = false;
  try {
    hasNl80211 = listGenericFamilies().has("nl80211");
  } catch {
    // No generic netlink at all: the collector must still report no data or fail cleanly.
  }
  const paths = new Paths({ procfs: "/proc", sysfs: "/sys", rootfs: "/", udevData: "/run/udev/data" });
  const collector = wifiCollector.create(collectorContext(wifiCollector, paths));
  test.skipIf(hasNl80211)("without the nl80211 family the collector reports no data", () => {
    expect(() => collector.update(new FamilyBuilder())).toThrow(NoDataError);
  });
  const noNl80211 = skipWithoutHardware("live wifi test with nl80211", hasNl80211 ? undefined : "no nl80211 generic netlink family (no wifi driver loaded)");
  test.skipIf(noNl80211)("with nl80211 the collector reports exactly the host's wireless interfaces", () => {
    // What sysfs says is wireless (a phy80211 link), decided apart from netlink.
    const wireless = readdirSync("/sys/class/net")
      .filter((dev) => existsSync(join("/sys/class/net", dev, "phy80211")))
      .sort();
    const out = new FamilyBuilder();
    collector.update(out);
    const reported = /^node_wifi_interface_frequency_hertz\{device="([^"]+)"\}/gm;
    expect([...writeText(out.build()).matchAll(reported)].map((m) => m[1]).sort()).toEqual(wireless);
  });
});
