import { describe, expect, test } from "bun:test";
import { type Vulnerability, parseVulnerability } from "../../../../src/exporter/host/sysfs/cpu-vulnerabilities.ts";

describe("parseVulnerability", () => {
  const rows: [string, string, Omit<Vulnerability, "codename">][] = [
    ["not affected", "Not affected\n", { state: "not affected", mitigation: "" }],
    ["vulnerable alone", "Vulnerable\n", { state: "vulnerable", mitigation: "" }],
    ["vulnerable with detail", "Vulnerable: Clear CPU buffers attempted, no microcode\n", { state: "vulnerable", mitigation: "Clear CPU buffers attempted, no microcode" }],
    ["mitigation", "Mitigation: PTI\n", { state: "mitigation", mitigation: "PTI" }],
    ["unknown", "Unknown: Dependent on hypervisor status\n", { state: "unknown", mitigation: "Dependent on hypervisor status" }],
    ["unrecognised kept raw", "KVM: Mitigation: VMX disabled\n", { state: "unknown", mitigation: "KVM: Mitigation: VMX disabled" }],
  ];
  test.each(rows)("%s", (_name, raw, want) => {
    expect(parseVulnerability("x", raw)).toEqual({ codename: "x", ...want });
  });
});
