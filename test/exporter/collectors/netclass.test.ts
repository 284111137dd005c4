import { describe, expect, test } from "bun:test";
import { adminState, emitNetClassIface } from "../../../src/exporter/collectors/netclass.ts";
import { parseNetClassAttributes } from "../../../src/exporter/sysfs/net-class.ts";
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
