// node_exporter's pcidevice collector (1.10, default off): one info series
// per PCI function with its parent and ids (optionally named from pci.ids),
// link speed and width, SR-IOV, NUMA node and power state.

import { NoDataError, defineCollector } from "../collector.ts";
import { isNotFound, readText } from "../host/host-fs.ts";
import { type PciIds, parsePciIds, pciClassName, pciDeviceName, pciSubsystemName, pciVendorName } from "../host/pci-ids.ts";
import { PCI_POWER_STATES, type PciDevice, hex, pciLocationStrings, readPciDevices } from "../host/sysfs/pci-device.ts";
import { PCI_IDS_DEFAULT_FILES } from "../paths.ts";
import type { Logger } from "../../telemetry/logger.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { PCIDEVICE_OPTIONS } from "./options/pcidevice.ts";

const LOCATION = ["segment", "bus", "device", "function"] as const;
const INFO_HELP = "Non-numeric data from /sys/bus/pci/devices/<location>, value is always 1.";
const INFO_LABELS = [
  ...LOCATION,
  ...["parent_segment", "parent_bus", "parent_device", "parent_function"] as const,
  ...["class_id", "vendor_id", "device_id", "subsystem_vendor_id", "subsystem_device_id", "revision"] as const,
];
const PCIDEVICE_INFO = metricDesc("node_pcidevice_info", "gauge", INFO_HELP, INFO_LABELS);
// With --collector.pcidevice.names.
const PCIDEVICE_INFO_NAMED = metricDesc("node_pcidevice_info", "gauge", INFO_HELP, [
  ...INFO_LABELS,
  ...["vendor_name", "device_name", "subsystem_vendor_name", "subsystem_device_name", "class_name"] as const,
]);
const PCIDEVICE_POWER_STATE = metricDesc(
  "node_pcidevice_power_state",
  "gauge",
  "PCIe device power state, one of: D0, D1, D2, D3hot, D3cold, unknown or error.",
  [...LOCATION, "state"],
);

const PCIDEVICE_MAX_LINK_TRANSFERS_PER_SECOND = metricDesc(
  "node_pcidevice_max_link_transfers_per_second",
  "gauge",
  "Value of maximum link's transfers per second (T/s)",
  ["segment", "bus", "device", "function"],
);
const PCIDEVICE_MAX_LINK_WIDTH = metricDesc(
  "node_pcidevice_max_link_width",
  "gauge",
  "Value of maximum link's width (number of lanes)",
  ["segment", "bus", "device", "function"],
);
const PCIDEVICE_CURRENT_LINK_TRANSFERS_PER_SECOND = metricDesc(
  "node_pcidevice_current_link_transfers_per_second",
  "gauge",
  "Value of current link's transfers per second (T/s)",
  ["segment", "bus", "device", "function"],
);
const PCIDEVICE_CURRENT_LINK_WIDTH = metricDesc(
  "node_pcidevice_current_link_width",
  "gauge",
  "Value of current link's width (number of lanes)",
  ["segment", "bus", "device", "function"],
);
const PCIDEVICE_D3COLD_ALLOWED = metricDesc(
  "node_pcidevice_d3cold_allowed",
  "gauge",
  "Whether the PCIe device supports D3cold power state (0/1).",
  ["segment", "bus", "device", "function"],
);
const PCIDEVICE_SRIOV_DRIVERS_AUTOPROBE = metricDesc(
  "node_pcidevice_sriov_drivers_autoprobe",
  "gauge",
  "Whether SR-IOV drivers autoprobe is enabled for the device (0/1).",
  ["segment", "bus", "device", "function"],
);
const PCIDEVICE_SRIOV_NUMVFS = metricDesc(
  "node_pcidevice_sriov_numvfs",
  "gauge",
  "Number of Virtual Functions (VFs) currently enabled for SR-IOV.",
  ["segment", "bus", "device", "function"],
);
const PCIDEVICE_SRIOV_TOTALVFS = metricDesc(
  "node_pcidevice_sriov_totalvfs",
  "gauge",
  "Total number of Virtual Functions (VFs) supported by the device.",
  ["segment", "bus", "device", "function"],
);
const PCIDEVICE_SRIOV_VF_TOTAL_MSIX = metricDesc(
  "node_pcidevice_sriov_vf_total_msix",
  "gauge",
  "Total number of MSI-X vectors for Virtual Functions.",
  ["segment", "bus", "device", "function"],
);
const PCIDEVICE_NUMA_NODE = metricDesc(
  "node_pcidevice_numa_node",
  "gauge",
  "NUMA node number for the PCI device. -1 indicates unknown or not available.",
  ["segment", "bus", "device", "function"],
);

const hexId = (v: number, width: number) => `0x${hex(v, width)}`;

/** The first pci.ids that opens, or undefined (names then fall back to the ids, as upstream). */
function loadPciIds(file: string, logger: Logger): PciIds | undefined {
  for (const candidate of file !== "" ? [file] : PCI_IDS_DEFAULT_FILES) {
    try {
      const ids = parsePciIds(readText(candidate));
      logger.debug("Loaded PCI device data", { file: candidate, vendors: ids.vendors.size, classes: ids.classes.size });
      return ids;
    } catch (err) {
      logger.debug("Failed to open PCI IDs file", { file: candidate, err });
    }
  }
  return undefined;
}

export const pcideviceCollector = defineCollector({
  name: "pcidevice",
  options: PCIDEVICE_OPTIONS,
  create({ paths, options, logger }) {
    const names = options.names;
    const ids = names ? loadPciIds(options.idsfile, logger) : undefined;
    // Without a readable pci.ids the names fall back to the ids, as upstream.
    const db = ids ?? parsePciIds("");
    return {
      update(out) {
        let devices: PciDevice[];
        try {
          devices = readPciDevices(paths);
        } catch (err) {
          if (isNotFound(err)) {
            logger.debug("PCI device not found, skipping");
            throw new NoDataError();
          }
          throw new Error(`error obtaining PCI device info: ${(err as Error).message}`, { cause: err });
        }
        for (const d of devices) {
          const [segment, bus, device, fn] = pciLocationStrings(d.location);
          const loc = { segment, bus, device, function: fn };
          const parent = d.parent ? pciLocationStrings(d.parent) : ["*", "*", "*", "*"];
          const info = {
            ...loc,
            parent_segment: parent[0],
            parent_bus: parent[1],
            parent_device: parent[2],
            parent_function: parent[3],
            class_id: hexId(d.class, 6),
            vendor_id: hexId(d.vendor, 4),
            device_id: hexId(d.device, 4),
            subsystem_vendor_id: hexId(d.subsystemVendor, 4),
            subsystem_device_id: hexId(d.subsystemDevice, 4),
            revision: hexId(d.revision, 2),
          };
          if (names) {
            out.add(PCIDEVICE_INFO_NAMED, 1, {
              ...info,
              vendor_name: pciVendorName(db, info.vendor_id),
              device_name: pciDeviceName(db, info.vendor_id, info.device_id),
              subsystem_vendor_name: pciVendorName(db, info.subsystem_vendor_id),
              subsystem_device_name: pciSubsystemName(db, info.vendor_id, info.device_id, info.subsystem_vendor_id, info.subsystem_device_id),
              class_name: pciClassName(db, info.class_id),
            });
          } else {
            out.add(PCIDEVICE_INFO, 1, info);
          }
          const orMinusOne = (v: number | undefined) => v ?? -1;
          const flag = (v: boolean | undefined) => (v ? 1 : 0);
          out.add(PCIDEVICE_MAX_LINK_TRANSFERS_PER_SECOND, d.maxLinkSpeed === undefined ? -1 : d.maxLinkSpeed * 1e9, loc);
          out.add(PCIDEVICE_MAX_LINK_WIDTH, orMinusOne(d.maxLinkWidth), loc);
          out.add(PCIDEVICE_CURRENT_LINK_TRANSFERS_PER_SECOND, d.currentLinkSpeed === undefined ? -1 : d.currentLinkSpeed * 1e9, loc);
          out.add(PCIDEVICE_CURRENT_LINK_WIDTH, orMinusOne(d.currentLinkWidth), loc);
          out.add(PCIDEVICE_D3COLD_ALLOWED, flag(d.d3coldAllowed), loc);
          out.add(PCIDEVICE_SRIOV_DRIVERS_AUTOPROBE, flag(d.sriovDriversAutoprobe), loc);
          out.add(PCIDEVICE_SRIOV_NUMVFS, d.sriovNumvfs ?? 0, loc);
          out.add(PCIDEVICE_SRIOV_TOTALVFS, d.sriovTotalvfs ?? 0, loc);
          out.add(PCIDEVICE_SRIOV_VF_TOTAL_MSIX, d.sriovVfTotalMsix ?? 0, loc);
          if (d.powerState !== undefined) {
            for (const state of PCI_POWER_STATES) {
              out.add(PCIDEVICE_POWER_STATE, state === d.powerState ? 1 : 0, { ...loc, state });
            }
          }
          if (d.numaNode !== undefined && d.numaNode !== -1) {
            out.add(PCIDEVICE_NUMA_NODE, d.numaNode, loc);
          }
        }
      },
    };
  },
});
