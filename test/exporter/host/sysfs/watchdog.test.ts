import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { watchdogCollector } from "../../../../src/exporter/collectors/watchdog.ts";
import { NoDataError } from "../../../../src/exporter/collector.ts";
import { Paths } from "../../../../src/exporter/paths.ts";
import { parseWatchdog } from "../../../../src/exporter/host/sysfs/watchdog.ts";
import { collectorContext } from "../../../support/host-tree.ts";
import { silentLogger } from "../../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../../src/metrics/family-builder.ts";

describe("parseWatchdog", () => {
  const rows: [string, [string, string][], object][] = [
    ["numbers base 0 and strings", [["bootstatus", "1"], ["options", "0x8380"], ["timeout", "0x3c"]], { numbers: { bootstatus: 1, timeout: 60 }, strings: { options: "0x8380" } }],
    ["nothing present", [], { numbers: {}, strings: {} }],
  ];
  test.each(rows)("%s", (_name, attrs, want) => {
    expect(parseWatchdog("watchdog0", new Map(attrs))).toMatchObject(want);
  });
  test("rejects a non-number", () => {
    expect(() => parseWatchdog("watchdog0", new Map([["timeout", "soon"]]))).toThrow('watchdog0/timeout: not an integer: "soon"');
  });
});

describe("watchdog collector", () => {
  const root = mkdtempSync(join(tmpdir(), "mon-watchdog-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const sys = join(root, "sys");
  const paths = new Paths({ procfs: join(root, "proc"), sysfs: sys, rootfs: root, udevData: root });
  const create = () => watchdogCollector.create(collectorContext(watchdogCollector, paths));

  test("no class directory: no data", () => {
    const out = new FamilyBuilder();
    expect(() => create().update(out)).toThrow(NoDataError);
  });

  test("a watchdog without attributes still has an info series", () => {
    const wd0 = join(sys, "class", "watchdog", "watchdog0");
    mkdirSync(wd0, { recursive: true });
    mkdirSync(join(sys, "class", "watchdog", "watchdog1"));
    writeFileSync(join(wd0, "timeleft"), "300\n");
    writeFileSync(join(wd0, "identity"), "Software Watchdog\n");
    const out = new FamilyBuilder();
    create().update(out);
    const fams = Object.fromEntries(out.build().map((f) => [f.name, f.metrics]));
    expect(fams.node_watchdog_timeleft_seconds).toEqual([{ labels: { name: "watchdog0" }, value: 300 }]);
    expect(fams.node_watchdog_info.map((m) => m.labels)).toEqual([
      { name: "watchdog0", options: "", identity: "Software Watchdog", state: "", status: "", pretimeout_governor: "" },
      { name: "watchdog1", options: "", identity: "", state: "", status: "", pretimeout_governor: "" },
    ]);
  });
});
