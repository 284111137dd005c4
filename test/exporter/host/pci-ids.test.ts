import { expect, test } from "bun:test";
import { parsePciIds, pciClassName, pciDeviceName, pciSubsystemName, pciVendorName } from "../../../src/exporter/host/pci-ids.ts";

const TEXT = [
  "# a comment",
  "1022  Advanced Micro Devices, Inc. [AMD]",
  "\t1634  Renoir PCIe GPP Bridge",
  "\t\t17aa 5095  ThinkPad bridge",
  "8086  Intel Corporation",
  "\t1521  I350 Gigabit Network Connection",
  "C 01  Mass storage controller",
  "\t08  Non-Volatile memory controller",
  "\t\t02  NVM Express",
  "C 06  Bridge",
  "\t04  PCI bridge",
  "",
].join("\n");

const ids = parsePciIds(TEXT);

test("vendors, devices and subsystems", () => {
  expect(pciVendorName(ids, "0x8086")).toBe("Intel Corporation");
  expect(pciDeviceName(ids, "0x8086", "0x1521")).toBe("I350 Gigabit Network Connection");
  expect(pciSubsystemName(ids, "0x1022", "0x1634", "0x17aa", "0x5095")).toBe("ThinkPad bridge");
});

test("classes: programming interface, then subclass, then base class", () => {
  expect(pciClassName(ids, "0x010802")).toBe("NVM Express");
  expect(pciClassName(ids, "0x060400")).toBe("PCI bridge");
  expect(pciClassName(ids, "0x060900")).toBe("Bridge");
  expect(pciClassName(ids, "0x0c0330")).toBe("Unknown class (0c0330)");
});

test("unknown ids come back without 0x", () => {
  expect(pciVendorName(ids, "0xABCD")).toBe("abcd");
  expect(pciDeviceName(ids, "0x8086", "0x0001")).toBe("0001");
  expect(pciSubsystemName(ids, "0x8086", "0x1521", "0x8086", "0x00a3")).toBe("00a3");
});

test("a vendor after the classes ends the class context", () => {
  const m = parsePciIds("C 02  Network controller\n\t00  Ethernet controller\nffff  Illegal\n\t0001  thing\n");
  expect(pciDeviceName(m, "0xffff", "0x0001")).toBe("thing");
  expect(m.subclasses.get("0200")).toBe("Ethernet controller");
});
