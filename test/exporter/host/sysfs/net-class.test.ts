import { describe, expect, test } from "bun:test";
import { parseNetClassAttributes } from "../../../../src/exporter/host/sysfs/net-class.ts";

describe("parseNetClassAttributes", () => {
  const rows: [string, Record<string, string>, Record<string, unknown>][] = [
    ["decimal mtu", { mtu: "1500" }, { mtu: 1500 }],
    ["hex flags", { flags: "0x1003" }, { flags: 4099 }],
    ["negative speed", { speed: "-1" }, { speed: -1 }],
    ["unparseable number becomes 0 as in procfs", { carrier: "garbage" }, { carrier: 0 }],
    ["string attributes kept verbatim", { address: "01:02:03:04:05:06", operstate: "up" }, { address: "01:02:03:04:05:06", operState: "up" }],
    ["unknown files ignored", { uevent: "INTERFACE=eth0" }, { address: "" }],
  ];
  test.each(rows)("%s", (_name, attrs, want) => {
    const iface = parseNetClassAttributes("eth0", new Map(Object.entries(attrs)));
    expect(iface).toMatchObject({ name: "eth0", ...want });
  });
  test("absent numeric attributes stay undefined", () => {
    expect(parseNetClassAttributes("lo", new Map()).speed).toBeUndefined();
  });
});
