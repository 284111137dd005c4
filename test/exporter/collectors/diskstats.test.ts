import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diskstatsCollector } from "../../../src/exporter/collectors/diskstats.ts";
import { Paths } from "../../../src/exporter/paths.ts";
import { collectorContext } from "../../support/host-tree.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { writeText } from "../../../src/metrics/text-writer.ts";

const root = mkdtempSync(join(tmpdir(), "diskstats-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, "proc"));
mkdirSync(join(root, "udev"));
mkdirSync(join(root, "sys/block/sda/queue"), { recursive: true });
writeFileSync(join(root, "sys/block/sda/queue/rotational"), "1\n");
writeFileSync(
  join(root, "proc/diskstats"),
  [
    "7 0 loop0 1 0 0 0 0 0 0 0 0 0 0",
    "8 0 sda 10 1 4 2000 5 0 8 1000 1 3000 4000",
    "8 1 sda1 1 0 0 0 0 0 0 0 0 0 0",
    "259 0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
  ].join("\n"),
);
// Only ID_SERIAL, as virtio and MMC devices have.
writeFileSync(join(root, "udev/b259:0"), "E:ID_SERIAL=V1\n");
writeFileSync(
  join(root, "udev/b8:0"),
  "E:ID_ATA=1\nE:ID_ATA_ROTATION_RATE_RPM=7200\nE:ID_ATA_WRITE_CACHE=bad\nE:ID_MODEL=M\nE:ID_SERIAL_SHORT=S1\nE:ID_FS_TYPE=ext4\nE:DM_NAME=vg-root\nE:DM_VG_NAME=vg\n",
);

function scrape(args: string[]): string {
  const paths = new Paths({ procfs: join(root, "proc"), sysfs: join(root, "sys"), rootfs: root, udevData: join(root, "udev") });
  const c = diskstatsCollector.create(collectorContext(diskstatsCollector, paths, args));
  const out = new FamilyBuilder();
  c.update(out);
  return writeText(out.build());
}

describe("diskstats collector", () => {
  const text = scrape([]);
  const present: [string, string][] = [
    ["info with udev data", 'node_disk_info{device="sda",major="8",minor="0",model="M",path="",revision="",rotational="1",serial="S1",wwn=""} 1'],
    ["no queue/rotational reads as 0", 'node_disk_info{device="nvme0n1",major="259",minor="0",model="",path="",revision="",rotational="0",serial="V1",wwn=""} 1'],
    ["sectors to bytes", 'node_disk_read_bytes_total{device="sda"} 2048'],
    ["ticks to seconds", 'node_disk_read_time_seconds_total{device="sda"} 2'],
    ["io_now is a gauge", "# TYPE node_disk_io_now gauge"],
    ["17-field flush counter", 'node_disk_flush_requests_time_seconds_total{device="nvme0n1"} 0.017'],
    ["discarded sectors stay sectors", 'node_disk_discarded_sectors_total{device="nvme0n1"} 14'],
    ["filesystem info", 'node_disk_filesystem_info{device="sda",type="ext4",usage="",uuid="",version=""} 1'],
    ["device mapper info", 'node_disk_device_mapper_info{device="sda",lv_layer="",lv_name="",name="vg-root",uuid="",vg_name="vg"} 1'],
    ["ata rotation", 'node_disk_ata_rotation_rate_rpm{device="sda"} 7200'],
  ];
  test.each(present)("%s", (_name, line) => {
    expect(text).toContain(line);
  });

  const absent: [string, string][] = [
    ["default exclude drops loop", 'device="loop0"'],
    ["default exclude drops partitions", 'device="sda1"'],
    ["11-field device has no discard counters", 'node_disk_discards_completed_total{device="sda"}'],
    ["unparseable ATA value skipped", "node_disk_ata_write_cache{"],
  ];
  test.each(absent)("%s", (_name, fragment) => {
    expect(text).not.toContain(fragment);
  });

  const filters: [string, string[], string[], string[]][] = [
    ["include replaces the default exclude", ["--collector.diskstats.device-include=^sda"], ["sda", "sda1"], ["nvme0n1", "loop0"]],
    ["explicit exclude", ["--collector.diskstats.device-exclude=^nvme"], ["sda", "sda1", "loop0"], ["nvme0n1"]],
    ["deprecated ignored-devices", ["--collector.diskstats.ignored-devices=^sda$"], ["sda1", "nvme0n1"], ["sda\""]],
  ];
  test.each(filters)("%s", (_name, args, kept, dropped) => {
    const t = scrape(args);
    for (const d of kept) expect(t).toContain(`node_disk_info{device="${d}"`);
    for (const d of dropped) expect(t).not.toContain(`node_disk_info{device="${d}`);
  });

  test("explicit exclude and include conflict", () => {
    expect(() => scrape(["--collector.diskstats.device-exclude=a", "--collector.diskstats.device-include=b"])).toThrow(
      "mutually exclusive",
    );
  });
});
