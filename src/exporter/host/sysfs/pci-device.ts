// /sys/bus/pci/devices/<location>: one symlink per PCI function into the
// device tree, whose target names the parent bridge too. As procfs's
// PciDevices reads it: the six id files must be there, everything else
// (link speed and width, NUMA node, SR-IOV, power management) is optional.

import { basename, dirname } from "node:path";
import { parseGoFloat } from "../../../go/format-float.ts";
import { parseGoInt64, parseGoUint64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";
import { errnoCode, listDir, readLink, sysReadFile } from "../host-fs.ts";

export interface PciLocation {
  segment: number;
  bus: number;
  device: number;
  function: number;
}

export const PCI_POWER_STATES = ["D0", "D1", "D2", "D3hot", "D3cold", "unknown", "error"] as const;

export interface PciDevice {
  location: PciLocation;
  /** undefined when the parent is a root complex (pci<segment>:<bus>), not a device. */
  parent?: PciLocation;
  class: number;
  vendor: number;
  device: number;
  subsystemVendor: number;
  subsystemDevice: number;
  revision: number;
  numaNode?: number;
  /** GT/s */
  maxLinkSpeed?: number;
  maxLinkWidth?: number;
  currentLinkSpeed?: number;
  currentLinkWidth?: number;
  sriovDriversAutoprobe?: boolean;
  sriovNumvfs?: number;
  sriovTotalvfs?: number;
  sriovVfTotalMsix?: number;
  d3coldAllowed?: boolean;
  powerState?: string;
}

/** Lower-case hex, zero-padded to width digits (Go's %0<width>x). */
export const hex = (v: number, width: number) => v.toString(16).padStart(width, "0");

/** The location as the collector's labels: segment, bus, device, function. */
export function pciLocationStrings(l: PciLocation): [string, string, string, string] {
  return [hex(l.segment, 4), hex(l.bus, 2), hex(l.device, 2), hex(l.function, 1)];
}

/** "0000:00:02.1" (segment:bus:device.function, hex). */
export function parsePciLocation(text: string): PciLocation {
  const parts = text.split(":");
  const df = parts.length === 3 ? parts[2].split(".") : [];
  if (df.length !== 2) throw new Error(`invalid location '${text}'`);
  const [segment, bus, device, fn] = [parts[0], parts[1], df[0], df[1]].map((p, i) => {
    const v = /^[+-]?[0-9a-fA-F]+$/.test(p) ? Number.parseInt(p, 16) : Number.NaN;
    if (!Number.isFinite(v) || Math.abs(v) > 0x7fffffff) {
      throw new Error(`invalid ${["segment", "bus", "device", "function"][i]}: "${p}"`);
    }
    return v;
  });
  return { segment, bus, device, function: fn };
}

/** "8.0 GT/s PCIe" -> 8; throws on another unit. */
export function parseLinkSpeed(text: string): number {
  const i = text.indexOf(" ");
  if (i < 0) throw new Error(`invalid link speed "${text}"`);
  if (text.slice(i + 1) !== "GT/s PCIe") throw new Error(`unknown unit for link speed "${text}"`);
  const v = parseGoFloat(text.slice(0, i).trim());
  if (v === undefined) throw new Error(`invalid link speed "${text}"`);
  return v;
}

function int(text: string, base: 0 | 10, what: string, bits: 32 | 64 = 32): number {
  const v = parseGoInt64(text, base);
  if (v === undefined || (bits === 32 && Math.abs(v) > 0x7fffffff && v !== -0x80000000)) {
    throw new Error(`failed to parse ${what} "${text}"`);
  }
  return v;
}

function uint(text: string, what: string, bits: 32 | 64 = 32): number {
  const v = parseGoUint64(text);
  if (v === undefined || (bits === 32 && v > 0xffffffff)) throw new Error(`failed to parse ${what} "${text}"`);
  return v;
}

const ID_FILES = ["class", "vendor", "device", "subsystem_vendor", "subsystem_device", "revision"] as const;

/**
 * Builds one device from its link target and its attribute values (files
 * that do not exist left out of attrs).
 */
export function parsePciDevice(linkTarget: string, attrs: ReadonlyMap<string, string>): PciDevice {
  const location = parsePciLocation(basename(linkTarget));
  const parentName = basename(dirname(linkTarget));
  const where = pciLocationStrings(location).join(":");
  const ids = ID_FILES.map((f) => {
    const v = attrs.get(f);
    if (v === undefined) throw new Error(`${where}: missing ${f}`);
    return int(v, 0, `${f} of ${where}`) >>> 0;
  });
  const d: PciDevice = {
    location,
    parent: parentName.startsWith("pci") ? undefined : parsePciLocation(parentName),
    class: ids[0],
    vendor: ids[1],
    device: ids[2],
    subsystemVendor: ids[3],
    subsystemDevice: ids[4],
    revision: ids[5],
  };
  const value = (f: string) => {
    const v = attrs.get(f);
    return v === undefined || v === "" ? undefined : v;
  };
  for (const f of ["max_link_speed", "current_link_speed", "max_link_width", "current_link_width", "numa_node"] as const) {
    const v = value(f);
    // Devices without a link say "Unknown" (pci_speed_string).
    if (v === undefined || v.startsWith("Unknown")) continue;
    const what = `${f} of ${where}`;
    if (f === "max_link_speed") d.maxLinkSpeed = parseLinkSpeed(v);
    else if (f === "current_link_speed") d.currentLinkSpeed = parseLinkSpeed(v);
    else if (f === "max_link_width") d.maxLinkWidth = int(v, 10, what, 64);
    else if (f === "current_link_width") d.currentLinkWidth = int(v, 10, what, 64);
    else d.numaNode = int(v, 10, what);
  }
  const autoprobe = value("sriov_drivers_autoprobe");
  if (autoprobe !== undefined) d.sriovDriversAutoprobe = int(autoprobe, 10, `sriov_drivers_autoprobe of ${where}`) !== 0;
  const numvfs = value("sriov_numvfs");
  if (numvfs !== undefined) d.sriovNumvfs = uint(numvfs, `sriov_numvfs of ${where}`);
  const totalvfs = value("sriov_totalvfs");
  if (totalvfs !== undefined) d.sriovTotalvfs = uint(totalvfs, `sriov_totalvfs of ${where}`);
  // Checked as procfs does though nothing reports them.
  for (const f of ["sriov_offset", "sriov_stride"]) {
    const v = value(f);
    if (v !== undefined) uint(v, `${f} of ${where}`);
  }
  const vfDevice = value("sriov_vf_device");
  if (vfDevice !== undefined && !/^[0-9a-fA-F]{1,8}$/.test(vfDevice)) throw new Error(`failed to parse sriov_vf_device of ${where} "${vfDevice}"`);
  const msix = value("sriov_vf_total_msix");
  if (msix !== undefined) d.sriovVfTotalMsix = uint(msix, `sriov_vf_total_msix of ${where}`, 64);
  const d3cold = value("d3cold_allowed");
  if (d3cold !== undefined) d.d3coldAllowed = int(d3cold, 10, `d3cold_allowed of ${where}`) !== 0;
  d.powerState = value("power_state");
  return d;
}

const OPTIONAL_FILES = [
  "max_link_speed",
  "max_link_width",
  "current_link_speed",
  "current_link_width",
  "numa_node",
  "sriov_drivers_autoprobe",
  "sriov_numvfs",
  "sriov_offset",
  "sriov_stride",
  "sriov_totalvfs",
  "sriov_vf_device",
  "sriov_vf_total_msix",
  "d3cold_allowed",
  "power_state",
];

/** Every PCI device. Throws the listing error untouched (ENOENT: no PCI bus). */
export function readPciDevices(paths: Paths): PciDevice[] {
  return listDir(paths.sys("bus", "pci", "devices")).map((name) => {
    const dir = paths.sys("bus", "pci", "devices", name);
    let target: string;
    try {
      target = readLink(dir);
    } catch (err) {
      throw new Error(`failed to readlink ${dir}: ${(err as Error).message}`, { cause: err });
    }
    const attrs = new Map<string, string>();
    for (const f of [...ID_FILES, ...OPTIONAL_FILES]) {
      const file = `${dir}/${f}`;
      try {
        attrs.set(f, sysReadFile(file));
      } catch (err) {
        if (errnoCode(err) === "ENOENT" && !(ID_FILES as readonly string[]).includes(f)) continue;
        throw new Error(`failed to read file "${file}": ${(err as Error).message}`, { cause: err });
      }
    }
    return parsePciDevice(target, attrs);
  });
}
