import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runitCollector } from "../../../src/exporter/collectors/runit.ts";
import { Paths } from "../../../src/exporter/paths.ts";
import { collectorContext } from "../../support/host-tree.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { normalizeFamilies, writeText } from "../../../src/metrics/text-writer.ts";

const hex = (s: string) => Uint8Array.from(s.split(/\s+/).filter(Boolean).map((b) => Number.parseInt(b, 16)));

let root: string;

function service(dir: string, status?: string, down = false): void {
  mkdirSync(join(dir, "supervise"), { recursive: true });
  if (status !== undefined) writeFileSync(join(dir, "supervise", "status"), hex(status));
  if (down) writeFileSync(join(dir, "supervise", "down"), "");
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mon-runit-"));
  const sv = join(root, "service");
  mkdirSync(sv);
  service(join(sv, "web"), "40 00 00 00 65 53 f1 0a 00 00 00 00 d2 04 00 00 00 75 00 01");
  // A symlinked service that is normally down and stopped.
  service(join(root, "elsewhere", "cron"), "40 00 00 00 65 53 f1 14 00 00 00 00 00 00 00 00 00 64 00 00", true);
  symlinkSync(join(root, "elsewhere", "cron"), join(sv, "cron"));
  // No status yet (runsv not running): skipped.
  service(join(sv, "new"));
  // Plain files are not services.
  writeFileSync(join(sv, "README"), "x");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function collector(dir: string) {
  const paths = new Paths({ procfs: "/proc", sysfs: "/sys", rootfs: "/", udevData: "/run/udev/data" });
  return runitCollector.create(collectorContext(runitCollector, paths, [`--collector.runit.servicedir=${dir}`]));
}

describe("runit collector", () => {
  test("services of the service directory", async () => {
    const out = new FamilyBuilder();
    await collector(join(root, "service")).update(out);
    expect(writeText(normalizeFamilies(out.build()))).toBe(`# HELP node_service_desired_state Desired state of runit service.
# TYPE node_service_desired_state gauge
node_service_desired_state{service="cron",supervisor="runit"} 0
node_service_desired_state{service="web",supervisor="runit"} 1
# HELP node_service_normal_state Normal state of runit service.
# TYPE node_service_normal_state gauge
node_service_normal_state{service="cron",supervisor="runit"} 0
node_service_normal_state{service="web",supervisor="runit"} 1
# HELP node_service_state State of runit service.
# TYPE node_service_state gauge
node_service_state{service="cron",supervisor="runit"} 0
node_service_state{service="web",supervisor="runit"} 1
# HELP node_service_state_last_change_timestamp_seconds Unix timestamp of the last runit service state change.
# TYPE node_service_state_last_change_timestamp_seconds gauge
node_service_state_last_change_timestamp_seconds{service="cron",supervisor="runit"} 1.70000001e+09
node_service_state_last_change_timestamp_seconds{service="web",supervisor="runit"} 1.7e+09
`);
  });

  test("a missing service directory fails the scrape", () => {
    expect(() => collector(join(root, "nope")).update(new FamilyBuilder())).toThrow(`runit service directory ${join(root, "nope")}`);
  });

  test("default service directory", () => {
    expect(runitCollector.options?.servicedir.default).toBe("/etc/service");
  });
});
