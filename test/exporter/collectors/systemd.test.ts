import { describe, expect, test } from "bun:test";
import { filterUnits, parseSystemdVersion, summarizeUnits, systemdCollector, unitPatterns } from "../../../src/exporter/collectors/systemd.ts";
import type { UnitStatus } from "../../../src/exporter/host/dbus/systemd-manager.ts";
import type { FlagSpec } from "../../../src/flags/flag-table.ts";
import { collectorOptions } from "../../support/host-tree.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";

const unit = (name: string, activeState = "active", loadState = "loaded"): UnitStatus => ({
  name,
  description: "",
  loadState,
  activeState,
  subState: "",
  followed: "",
  path: "/",
  jobId: 0,
  jobType: "",
  jobPath: "/",
});

const flags = (args: string[]) => collectorOptions(systemdCollector, args);

describe("parseSystemdVersion", () => {
  const rows: [string, number, string][] = [
    ["252.22-1~deb12u1", 252.22, "252.22-1~deb12u1"],
    ["255", 255, "255"],
    ["systemd 249 (249.11-0ubuntu3)", 249, "systemd 249 (249.11-0ubuntu3)"],
    ["v99", 0, ""],
    ["", 0, ""],
  ];
  test.each(rows)("%p", (raw, version, full) => {
    expect(parseSystemdVersion(raw)).toEqual({ version, full });
  });
});

describe("summarizeUnits", () => {
  test("all five states present, unknown states added", () => {
    const s = summarizeUnits([unit("a", "active"), unit("b", "active"), unit("c", "failed"), unit("d", "maintenance")]);
    expect(Object.fromEntries(s)).toEqual({ active: 2, activating: 0, deactivating: 0, inactive: 0, failed: 1, maintenance: 1 });
  });
});

describe("unit filtering", () => {
  const units = [
    unit("ssh.service"),
    unit("home.mount"),
    unit("dev-sda.device"),
    unit("user.slice"),
    unit("session-1.scope"),
    unit("proc-sys-fs-binfmt_misc.automount"),
    unit("gone.service", "inactive", "not-found"),
    unit("x.timer"),
    unit("mount.service"),
  ];
  const rows: [string, string[], string[]][] = [
    ["defaults", [], ["ssh.service", "x.timer", "mount.service"]],
    ["include is anchored", ["--collector.systemd.unit-include=ssh"], []],
    ["include alternatives", ["--collector.systemd.unit-include=ssh.service|x.timer"], ["ssh.service", "x.timer"]],
    ["exclude empty keeps loaded units", ["--collector.systemd.unit-exclude="], ["ssh.service", "home.mount", "dev-sda.device", "user.slice", "session-1.scope", "proc-sys-fs-binfmt_misc.automount", "x.timer", "mount.service"]],
    ["Go flag group stays in front of the anchors", ["--collector.systemd.unit-include=(?i)SSH\\..+"], ["ssh.service"]],
    ["deprecated whitelist", ["--collector.systemd.unit-whitelist=.+\\.timer"], ["x.timer"]],
    ["deprecated blacklist", ["--collector.systemd.unit-blacklist=.+\\.(service|timer)"], ["home.mount", "dev-sda.device", "user.slice", "session-1.scope", "proc-sys-fs-binfmt_misc.automount"]],
  ];
  test.each(rows)("%s", (_name, args, want) => {
    const { include, exclude } = unitPatterns(flags(args), silentLogger);
    expect(filterUnits(units, include, exclude).map((u) => u.name)).toEqual(want);
  });

  const bad: [string[], string][] = [
    [["--collector.systemd.unit-whitelist=a", "--collector.systemd.unit-include=b"], "mutually exclusive"],
    [["--collector.systemd.unit-blacklist=a", "--collector.systemd.unit-exclude=b"], "mutually exclusive"],
    [["--collector.systemd.unit-include=("], "--collector.systemd.unit-include: invalid regular expression"],
  ];
  test.each(bad)("rejects %p", (args, message) => {
    expect(() => unitPatterns(flags(args), silentLogger)).toThrow(message);
  });
});

describe("systemd flags", () => {
  test("defaults and help as upstream", () => {
    const byName: Record<string, FlagSpec> = Object.fromEntries(Object.values(systemdCollector.options ?? {}).map((f) => [f.name, f]));
    expect(byName["collector.systemd.unit-include"].default).toBe(".+");
    expect(byName["collector.systemd.unit-exclude"].default).toBe(".+\\.(automount|device|mount|scope|slice)");
    expect(byName["collector.systemd.enable-task-metrics"].help).toBe("Enables service unit tasks metrics unit_tasks_current and unit_tasks_max");
    expect(byName["collector.systemd.unit-whitelist"].hidden).toBe(true);
    expect(byName["collector.systemd.private"].hidden).toBe(true);
  });
});
