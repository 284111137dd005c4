import { describe, expect, test } from "bun:test";
import { parseUdevProperties } from "../../../src/exporter/host/udev-device-properties.ts";

describe("parseUdevProperties", () => {
  const cases: [string, string, Record<string, string>][] = [
    ["properties only", "S:disk/by-id/x\nE:ID_MODEL=Disk One\nE:ID_WWN=0x5\nG:systemd\n", { ID_MODEL: "Disk One", ID_WWN: "0x5" }],
    ["value with =", "E:DM_UUID=a=b\n", { DM_UUID: "a=b" }],
    ["no = skipped, CRLF trimmed", "E:BROKEN\r\nE:ID_PATH=pci-0\r\n", { ID_PATH: "pci-0" }],
    ["empty", "", {}],
  ];
  test.each(cases)("%s", (_name, text, want) => {
    expect(Object.fromEntries(parseUdevProperties(text))).toEqual(want);
  });
});
