// Block device I/O counters from /proc/diskstats, with device, filesystem,
// device-mapper and ATA details from the udev database.

import type { Logger } from "../../telemetry/logger.ts";
import { parseGoFloat } from "../../go/format-float.ts";
import { type CollectorOptions, defineCollector } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { isDirectory } from "../host/host-fs.ts";
import { readDiskstats } from "../host/procfs/diskstats.ts";
import { readUintFile } from "../host/procfs/uint-file.ts";
import type { Paths } from "../paths.ts";
import { readUdevBlockProperties } from "../host/udev-device-properties.ts";
import { type MetricDesc, metricDesc } from "../../metrics/metric-desc.ts";
import { DISKSTATS_OPTIONS } from "./options/diskstats.ts";

const DISK_INFO = metricDesc(
  "node_disk_info",
  "gauge",
  "Info of /sys/block/<block_device>.",
  ["device", "major", "minor", "path", "wwn", "model", "serial", "revision", "rotational"],
);
const DISK_FILESYSTEM_INFO = metricDesc(
  "node_disk_filesystem_info",
  "gauge",
  "Info about disk filesystem.",
  ["device", "type", "usage", "uuid", "version"],
);
const DISK_DEVICE_MAPPER_INFO = metricDesc(
  "node_disk_device_mapper_info",
  "gauge",
  "Info about disk device mapper.",
  ["device", "name", "uuid", "vg_name", "lv_name", "lv_layer"],
);

const SECONDS_PER_TICK = 1 / 1000;
const UNIX_SECTOR_SIZE = 512;

type Kind = "counter" | "gauge";

/** One per /proc/diskstats counter, in file order, with the factor that turns it into the metric's unit. */
const STATS: [name: string, help: string, kind: Kind, factor: number][] = [
  ["node_disk_reads_completed_total", "The total number of reads completed successfully.", "counter", 1],
  ["node_disk_reads_merged_total", "The total number of reads merged.", "counter", 1],
  ["node_disk_read_bytes_total", "The total number of bytes read successfully.", "counter", UNIX_SECTOR_SIZE],
  ["node_disk_read_time_seconds_total", "The total number of seconds spent by all reads.", "counter", SECONDS_PER_TICK],
  ["node_disk_writes_completed_total", "The total number of writes completed successfully.", "counter", 1],
  ["node_disk_writes_merged_total", "The number of writes merged.", "counter", 1],
  ["node_disk_written_bytes_total", "The total number of bytes written successfully.", "counter", UNIX_SECTOR_SIZE],
  ["node_disk_write_time_seconds_total", "This is the total number of seconds spent by all writes.", "counter", SECONDS_PER_TICK],
  ["node_disk_io_now", "The number of I/Os currently in progress.", "gauge", 1],
  ["node_disk_io_time_seconds_total", "Total seconds spent doing I/Os.", "counter", SECONDS_PER_TICK],
  ["node_disk_io_time_weighted_seconds_total", "The weighted # of seconds spent doing I/Os.", "counter", SECONDS_PER_TICK],
  ["node_disk_discards_completed_total", "The total number of discards completed successfully.", "counter", 1],
  ["node_disk_discards_merged_total", "The total number of discards merged.", "counter", 1],
  // Sectors, not bytes: upstream exposes the raw count.
  ["node_disk_discarded_sectors_total", "The total number of sectors discarded successfully.", "counter", 1],
  ["node_disk_discard_time_seconds_total", "This is the total number of seconds spent by all discards.", "counter", SECONDS_PER_TICK],
  ["node_disk_flush_requests_total", "The total number of flush requests completed successfully", "counter", 1],
  ["node_disk_flush_requests_time_seconds_total", "This is the total number of seconds spent by all flush requests.", "counter", SECONDS_PER_TICK],
];
const STAT_DESCS = STATS.map(([name, help, kind, factor]) => ({ desc: metricDesc(name, kind, help, ["device"]), factor }));

const ATA: [property: string, desc: MetricDesc<"device">][] = [
  ["ID_ATA_WRITE_CACHE", metricDesc("node_disk_ata_write_cache", "gauge", "ATA disk has a write cache.", ["device"])],
  ["ID_ATA_WRITE_CACHE_ENABLED", metricDesc("node_disk_ata_write_cache_enabled", "gauge", "ATA disk has its write cache enabled.", ["device"])],
  ["ID_ATA_ROTATION_RATE_RPM", metricDesc("node_disk_ata_rotation_rate_rpm", "gauge", "ATA disk rotation rate in RPMs (0 for SSDs).", ["device"])],
];

/**
 * node_exporter's filter flags. An include pattern replaces the default
 * exclude pattern; only an explicitly set exclude conflicts with it (the
 * behaviour upstream settled on after 1.8.2, where include was unusable).
 */
export function diskstatsDeviceFilter({ options, optionsSet }: CollectorOptions<typeof DISKSTATS_OPTIONS>, logger: Logger): DeviceFilter {
  let exclude = options.deviceExclude;
  const excludeSet = optionsSet.has("deviceExclude");
  const old = options.ignoredDevices;
  if (old !== "") {
    if (excludeSet) {
      throw new Error("--collector.diskstats.ignored-devices and --collector.diskstats.device-exclude are mutually exclusive");
    }
    logger.warn(
      "--collector.diskstats.ignored-devices is DEPRECATED and will be removed in 2.0.0, use --collector.diskstats.device-exclude",
    );
    exclude = old;
  }
  const include = options.deviceInclude;
  if (include !== "") {
    if ((excludeSet || old !== "") && exclude !== "") throw new Error("device-exclude & device-include are mutually exclusive");
    exclude = "";
  }
  if (exclude !== "") logger.info("Parsed flag --collector.diskstats.device-exclude", { flag: exclude });
  if (include !== "") logger.info("Parsed Flag --collector.diskstats.device-include", { flag: include });
  return new DeviceFilter(exclude, include, "--collector.diskstats.device");
}

/**
 * "1" for a spinning disk, else "0" (node_exporter 1.9, #3022): from
 * /sys/block/<dev>/queue/rotational, "0" when that cannot be read, as upstream.
 */
function rotationalLabel(paths: Paths, dev: string): string {
  try {
    return readUintFile(paths.sys("block", dev, "queue", "rotational")) === 1 ? "1" : "0";
  } catch {
    return "0";
  }
}

export const diskstatsCollector = defineCollector({
  name: "diskstats",
  options: DISKSTATS_OPTIONS,
  create({ paths, options, optionsSet, logger }) {
    const filter = diskstatsDeviceFilter({ options, optionsSet }, logger);
    if (!isDirectory(paths.udev())) {
      logger.error("Failed to open directory, disabling udev device properties", { path: paths.udev() });
    }
    return {
      update(out) {
        for (const d of readDiskstats(paths)) {
          const dev = d.device;
          if (filter.ignored(dev)) continue;
          const info = readUdevBlockProperties(paths, d.major, d.minor);
          const prop = (k: string) => info.get(k) ?? "";
          out.add(DISK_INFO, 1, {
            device: dev,
            major: String(d.major),
            minor: String(d.minor),
            path: prop("ID_PATH"),
            wwn: prop("ID_WWN"),
            model: prop("ID_MODEL"),
            // The serial printed on the disk label, else the short one, else
            // ID_SERIAL (virtio and MMC devices have only that one).
            serial: prop("SCSI_IDENT_SERIAL") || prop("ID_SERIAL_SHORT") || prop("ID_SERIAL"),
            revision: prop("ID_REVISION"),
            rotational: rotationalLabel(paths, dev),
          });
          const n = Math.min(d.stats.length, STAT_DESCS.length);
          for (let i = 0; i < n; i++) {
            const { desc, factor } = STAT_DESCS[i];
            out.add(desc, d.stats[i] * factor, { device: dev });
          }
          const fsType = prop("ID_FS_TYPE");
          if (fsType !== "") {
            out.add(DISK_FILESYSTEM_INFO, 1, {
              device: dev,
              type: fsType,
              usage: prop("ID_FS_USAGE"),
              uuid: prop("ID_FS_UUID"),
              version: prop("ID_FS_VERSION"),
            });
          }
          const dmName = prop("DM_NAME");
          if (dmName !== "") {
            out.add(DISK_DEVICE_MAPPER_INFO, 1, {
              device: dev,
              name: dmName,
              uuid: prop("DM_UUID"),
              vg_name: prop("DM_VG_NAME"),
              lv_name: prop("DM_LV_NAME"),
              lv_layer: prop("DM_LV_LAYER"),
            });
          }
          if (prop("ID_ATA") !== "") {
            for (const [property, desc] of ATA) {
              const text = info.get(property);
              if (text === undefined) continue;
              const v = parseGoFloat(text);
              if (v === undefined) logger.error("Failed to parse ATA value", { device: dev, property, value: text });
              else out.add(desc, v, { device: dev });
            }
          }
        }
      },
    };
  },
});
