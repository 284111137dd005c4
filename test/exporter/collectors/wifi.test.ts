import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bssStatusMode, collectWifi, fixtureWifiSource } from "../../../src/exporter/collectors/wifi.ts";
import { silentLogger } from "../../../src/log/logger.ts";
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
    '[{"hardwareaddr":"ESIzRFVm","connected":5000000000,"inactive":250000000,"receivebitrate":866700000,"signal":-61,"beaconloss":3}]',
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
