// btrfs filesystems from /sys/fs/btrfs, and per-device sizes and error
// counters from ioctls on each mounted btrfs filesystem. A filesystem the
// ioctls cannot reach (not mounted here, not a subvolume root, no
// permission) gets device_size_bytes from sysfs instead, as upstream does.

import type { Logger } from "../../telemetry/logger.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import type { CollectorDefinition } from "../collector.ts";
import type { Paths } from "../paths.ts";
import { readMounts } from "../host/procfs/mounts.ts";
import { type BtrfsIoctlDevice, btrfsDevices, btrfsFsInfo, closeBtrfs, openBtrfs } from "../kernel/btrfs-ioctl.ts";
import { type BtrfsAllocationStats, type BtrfsStats, readBtrfs } from "../host/sysfs/btrfs.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const BTRFS_DEVICE_ERRORS_TOTAL = metricDesc("node_btrfs_device_errors_total", "counter", "Errors reported for the device", [
  "uuid",
  "device",
  "btrfs_dev_uuid",
  "type",
]);
const BTRFS_DEVICE_SIZE_BYTES_DESC = metricDesc(
  "node_btrfs_device_size_bytes",
  "gauge",
  "Size of a device that is part of the filesystem.",
  ["uuid", "device", "btrfs_dev_uuid"],
);
const BTRFS_DEVICE_UNUSED_BYTES = metricDesc(
  "node_btrfs_device_unused_bytes",
  "gauge",
  "Unused bytes unused on a device that is part of the filesystem.",
  ["uuid", "device", "btrfs_dev_uuid"],
);
const BTRFS_USED_BYTES = metricDesc(
  "node_btrfs_used_bytes",
  "gauge",
  "Amount of used space by a layout/data type",
  ["uuid", "block_group_type", "mode"],
);
const BTRFS_SIZE_BYTES = metricDesc(
  "node_btrfs_size_bytes",
  "gauge",
  "Amount of space allocated for a layout/data type",
  ["uuid", "block_group_type", "mode"],
);
const BTRFS_ALLOCATION_RATIO = metricDesc(
  "node_btrfs_allocation_ratio",
  "gauge",
  "Data allocation ratio for a layout/data type",
  ["uuid", "block_group_type", "mode"],
);

const BTRFS_RESERVED_BYTES = metricDesc(
  "node_btrfs_reserved_bytes",
  "gauge",
  "Amount of space reserved for a data type",
  ["uuid", "block_group_type"],
);
const BTRFS_INFO = metricDesc("node_btrfs_info", "gauge", "Filesystem information", ["uuid", "label"]);
const BTRFS_GLOBAL_RSV_SIZE_BYTES = metricDesc(
  "node_btrfs_global_rsv_size_bytes",
  "gauge",
  "Size of global reserve.",
  ["uuid"],
);
const BTRFS_COMMITS_TOTAL = metricDesc("node_btrfs_commits_total", "counter", "The total number of commits that have occurred.", ["uuid"]);
const BTRFS_LAST_COMMIT_SECONDS = metricDesc("node_btrfs_last_commit_seconds", "gauge", "Duration of the most recent commit, in seconds.", ["uuid"]);
const BTRFS_MAX_COMMIT_SECONDS = metricDesc("node_btrfs_max_commit_seconds", "gauge", "Duration of the slowest commit, in seconds.", ["uuid"]);
const BTRFS_COMMIT_SECONDS_TOTAL = metricDesc("node_btrfs_commit_seconds_total", "counter", "Sum of the duration of all commits, in seconds.", ["uuid"]);
const BTRFS_DEVICE_SIZE_BYTES = metricDesc(
  "node_btrfs_device_size_bytes",
  "gauge",
  "Size of a device that is part of the filesystem.",
  ["uuid", "device"],
);

/** Per filesystem id (hex, no dashes), the devices the ioctls report. */
export type BtrfsIoctlStats = Map<string, BtrfsIoctlDevice[]>;

export function readBtrfsIoctlStats(paths: Paths, logger: Logger): BtrfsIoctlStats {
  const stats: BtrfsIoctlStats = new Map();
  let mounts;
  try {
    mounts = readMounts(paths);
  } catch (err) {
    logger.debug("Error querying btrfs device stats with ioctl", { err: (err as Error).message });
    return stats;
  }
  const devicesDone = new Set<string>();
  for (const m of mounts) {
    if (m.fsType !== "btrfs" || devicesDone.has(m.device)) continue;
    const mountPath = paths.rootfs(m.mountPoint);
    let fd: number;
    try {
      fd = openBtrfs(mountPath);
    } catch (err) {
      logger.debug("Error inspecting btrfs mountpoint", { mountPoint: mountPath, err: (err as Error).message });
      continue;
    }
    try {
      const info = btrfsFsInfo(fd);
      if (stats.has(info.fsid)) continue;
      const devices = btrfsDevices(fd, info);
      devicesDone.add(m.device);
      stats.set(info.fsid, devices);
    } catch (err) {
      logger.debug("Error querying btrfs device stats", { mountPoint: mountPath, err: (err as Error).message });
    } finally {
      closeBtrfs(fd);
    }
  }
  return stats;
}

const ERROR_TYPES: [label: string, key: keyof BtrfsIoctlDevice][] = [
  ["write", "writeErrs"],
  ["read", "readErrs"],
  ["flush", "flushErrs"],
  ["corruption", "corruptionErrs"],
  ["generation", "generationErrs"],
];

function emitIoctlDevices(out: FamilyBuilder, uuid: string, devices: BtrfsIoctlDevice[]): void {
  for (const d of devices) {
    const labels = { uuid, device: d.path.slice(d.path.lastIndexOf("/") + 1), btrfs_dev_uuid: d.uuid };
    out.add(BTRFS_DEVICE_SIZE_BYTES_DESC, d.totalBytes, labels);
    out.add(BTRFS_DEVICE_UNUSED_BYTES, d.totalBytes - d.bytesUsed, labels);
    for (const [type, key] of ERROR_TYPES) {
      out.add(BTRFS_DEVICE_ERRORS_TOTAL, d[key] as number, { ...labels, type });
    }
  }
}

function emitAllocation(out: FamilyBuilder, uuid: string, type: string, a: BtrfsAllocationStats): void {
  out.add(BTRFS_RESERVED_BYTES, a.reservedBytes, { uuid, block_group_type: type });
  for (const [mode, l] of a.layouts) {
    const labels = { uuid, block_group_type: type, mode };
    out.add(BTRFS_USED_BYTES, l.usedBytes, labels);
    out.add(BTRFS_SIZE_BYTES, l.totalBytes, labels);
    out.add(BTRFS_ALLOCATION_RATIO, l.ratio, labels);
  }
}

function emit(out: FamilyBuilder, s: BtrfsStats, ioctlDevices: BtrfsIoctlDevice[] | undefined): void {
  const uuid = s.uuid;
  out.add(BTRFS_INFO, 1, { uuid, label: s.label });
  out.add(BTRFS_GLOBAL_RSV_SIZE_BYTES, s.globalRsvSize, { uuid });
  out.add(BTRFS_COMMITS_TOTAL, s.commits.commits, { uuid });
  out.add(BTRFS_LAST_COMMIT_SECONDS, s.commits.lastCommitMs / 1000, { uuid });
  out.add(BTRFS_MAX_COMMIT_SECONDS, s.commits.maxCommitMs / 1000, { uuid });
  out.add(BTRFS_COMMIT_SECONDS_TOTAL, s.commits.totalCommitMs / 1000, { uuid });
  emitAllocation(out, uuid, "data", s.data);
  emitAllocation(out, uuid, "metadata", s.metadata);
  emitAllocation(out, uuid, "system", s.system);
  if (ioctlDevices) {
    emitIoctlDevices(out, uuid, ioctlDevices);
    return;
  }
  for (const [device, size] of s.devices) {
    out.add(BTRFS_DEVICE_SIZE_BYTES, size, { uuid, device });
  }
}

export const btrfsCollector: CollectorDefinition = {
  name: "btrfs",
  create: ({ paths, logger }) => ({
    update(out) {
      let stats: BtrfsStats[];
      try {
        stats = readBtrfs(paths);
      } catch (err) {
        throw new Error(`failed to retrieve Btrfs stats from procfs: ${(err as Error).message}`, { cause: err });
      }
      const ioctl = stats.length > 0 ? readBtrfsIoctlStats(paths, logger) : new Map();
      for (const s of stats) emit(out, s, ioctl.get(s.uuid.replaceAll("-", "")));
    },
  }),
};
