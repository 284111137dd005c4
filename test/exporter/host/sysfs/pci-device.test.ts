import { describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync } from "node:fs";
import { pcideviceCollector } from "../../../../src/exporter/collectors/pcidevice.ts";
import { parseLinkSpeed, parsePciDevice, parsePciLocation, pciLocationStrings } from "../../../../src/exporter/host/sysfs/pci-device.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const IDS = { class: "0x020000", vendor: "0x8086", device: "0x1521", subsystem_vendor: "0x8086", subsystem_device: "0x00a3", revision: "0x01" };

describe("location", () => {
  test("segment:bus:device.function in hex", () => {
    expect(parsePciLocation("0000:4a:1f.7")).toEqual({ segment: 0, bus: 0x4a, device: 0x1f, function: 7 });
    expect(pciLocationStrings({ segment: 1, bus: 2, device: 3, function: 4 })).toEqual(["0001", "02", "03", "4"]);
  });
  test.each(["0000:00", "0000:00:02", "pci0000:00", "0000:zz:00.0", "0000:00:00.0.1"])("%p is refused", (s) =>
    expect(() => parsePciLocation(s)).toThrow(),
  );
});

test("link speed: GT/s PCIe only", () => {
  expect(parseLinkSpeed("8.0 GT/s PCIe")).toBe(8);
  expect(parseLinkSpeed("2.5 GT/s PCIe")).toBe(2.5);
  expect(() => parseLinkSpeed("8.0 Gb/s")).toThrow(/unknown unit/);
  expect(() => parseLinkSpeed("fast")).toThrow(/invalid/);
});

describe("device", () => {
  test("parent from the link target; a root complex parent is none", () => {
    const d = parsePciDevice("../../../devices/pci0000:40/0000:40:01.3/0000:45:00.0", new Map(Object.entries(IDS)));
    expect(d.location).toEqual({ segment: 0, bus: 0x45, device: 0, function: 0 });
    expect(d.parent).toEqual({ segment: 0, bus: 0x40, device: 1, function: 3 });
    expect([d.class, d.vendor, d.device, d.subsystemDevice, d.revision]).toEqual([0x020000, 0x8086, 0x1521, 0xa3, 1]);
    expect(parsePciDevice("../../../devices/pci0000:00/0000:00:02.1", new Map(Object.entries(IDS))).parent).toBeUndefined();
  });

  test("optional attributes; Unknown and empty values are left out", () => {
    const attrs = new Map(
      Object.entries({
        ...IDS,
        max_link_speed: "16.0 GT/s PCIe",
        current_link_speed: "Unknown",
        max_link_width: "8",
        current_link_width: "",
        numa_node: "-1",
        sriov_numvfs: "4",
        sriov_drivers_autoprobe: "1",
        d3cold_allowed: "0",
        power_state: "D3hot",
      }),
    );
    const d = parsePciDevice("../devices/pci0000:00/0000:00:01.0", attrs);
    expect(d).toMatchObject({ maxLinkSpeed: 16, maxLinkWidth: 8, numaNode: -1, sriovNumvfs: 4, sriovDriversAutoprobe: true, d3coldAllowed: false, powerState: "D3hot" });
    expect(d.currentLinkSpeed).toBeUndefined();
    expect(d.currentLinkWidth).toBeUndefined();
  });

  test("a missing id file or a bad value fails, naming the device", () => {
    const { revision: _, ...noRevision } = IDS;
    expect(() => parsePciDevice("../pci0000:00/0000:00:01.0", new Map(Object.entries(noRevision)))).toThrow(/0000:00:01:0: missing revision/);
    expect(() => parsePciDevice("../pci0000:00/0000:00:01.0", new Map(Object.entries({ ...IDS, sriov_numvfs: "-1" })))).toThrow(/sriov_numvfs/);
  });
});

describe("collector", () => {
  test("info, link, power state and NUMA node series", async () => {
    const t = makeHostTree({
      "sys/devices/pci0000:00/0000:00:01.0/class": "0x020000\n",
      "sys/devices/pci0000:00/0000:00:01.0/vendor": "0x8086\n",
      "sys/devices/pci0000:00/0000:00:01.0/device": "0x1521\n",
      "sys/devices/pci0000:00/0000:00:01.0/subsystem_vendor": "0x8086\n",
      "sys/devices/pci0000:00/0000:00:01.0/subsystem_device": "0x00a3\n",
      "sys/devices/pci0000:00/0000:00:01.0/revision": "0x01\n",
      "sys/devices/pci0000:00/0000:00:01.0/power_state": "D0\n",
      "sys/devices/pci0000:00/0000:00:01.0/numa_node": "1\n",
      "ids/pci.ids": "# comment\n8086  Intel Corporation\n\t1521  I350 Gigabit Network Connection\n\t\t8086 00a3  I350-T4\nC 02  Network controller\n\t00  Ethernet controller\n",
    });
    try {
      mkdirSync(`${t.root}/sys/bus/pci/devices`, { recursive: true });
      symlinkSync("../../../devices/pci0000:00/0000:00:01.0", `${t.root}/sys/bus/pci/devices/0000:00:01.0`);
      const text = await collectorScraper(pcideviceCollector, t.paths)();
      const loc = 'bus="00",device="01",function="0",segment="0000"';
      expect(text).toContain(
        'node_pcidevice_info{bus="00",class_id="0x020000",device="01",device_id="0x1521",function="0",parent_bus="*",' +
          'parent_device="*",parent_function="*",parent_segment="*",revision="0x01",segment="0000",' +
          'subsystem_device_id="0x00a3",subsystem_vendor_id="0x8086",vendor_id="0x8086"} 1\n',
      );
      expect(text).toContain(`node_pcidevice_max_link_transfers_per_second{${loc}} -1\n`);
      expect(text).toContain(`node_pcidevice_power_state{${loc},state="D0"} 1\n`);
      expect(text).toContain(`node_pcidevice_power_state{${loc},state="D3cold"} 0\n`);
      expect(text).toContain(`node_pcidevice_numa_node{${loc}} 1\n`);
      expect(text).toContain(`node_pcidevice_sriov_numvfs{${loc}} 0\n`);

      const named = await collectorScraper(pcideviceCollector, t.paths, [
        "--collector.pcidevice.names",
        `--collector.pcidevice.idsfile=${t.root}/ids/pci.ids`,
      ])();
      expect(named).toContain('class_name="Ethernet controller"');
      expect(named).toContain('device_name="I350 Gigabit Network Connection"');
      expect(named).toContain('subsystem_device_name="I350-T4"');
      expect(named).toContain('vendor_name="Intel Corporation"');
    } finally {
      t.remove();
    }
  });

  test("no PCI bus is no data", async () => {
    const t = makeHostTree({});
    try {
      await expect(collectorScraper(pcideviceCollector, t.paths)()).rejects.toThrow("collector returned no data");
    } finally {
      t.remove();
    }
  });
});
