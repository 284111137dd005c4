import { describe, expect, test } from "bun:test";
import { parseInterrupts } from "../../../../src/exporter/host/procfs/interrupts.ts";

const TEXT = `           CPU0       CPU1
  0:         44          0   IO-APIC   2-edge      timer
  9:          0          0   IO-APIC   9-fasteoi   acpi, ehci
NMI:          1          2   Non-maskable interrupts
ERR:          0
IPI0:3 4 Rescheduling interrupts
`;

describe("parseInterrupts", () => {
  const m = parseInterrupts(TEXT);
  const rows: [string, unknown, unknown][] = [
    ["numbered: info and devices", m.get("0"), { name: "0", values: ["44", "0"], info: "IO-APIC", devices: "2-edge timer" }],
    ["devices keep their words", m.get("9")?.devices, "9-fasteoi acpi, ehci"],
    ["named: info is the rest", m.get("NMI"), { name: "NMI", values: ["1", "2"], info: "Non-maskable interrupts", devices: "" }],
    ["ERR has no per-cpu counts and is skipped", m.has("ERR"), false],
    ["aarch64 style without space after colon", m.get("IPI0")?.values, ["3", "4"]],
  ];
  test.each(rows)("%s", (_name, got, want) => {
    expect(got).toEqual(want);
  });
  test("empty file is an error", () => {
    expect(() => parseInterrupts("")).toThrow("interrupts empty");
  });
});
