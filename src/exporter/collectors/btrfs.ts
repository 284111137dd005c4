// btrfs filesystems from /sys/fs/btrfs.
//
// node_exporter also asks each mounted btrfs filesystem for per-device
// sizes and error counters through ioctls (BTRFS_IOC_FS_INFO, DEV_INFO,
// GET_DEV_STATS); mon does not yet, so it always reports what upstream
// reports when those ioctls fail: device_size_bytes from sysfs.

import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import type { CollectorDefinition } from "../collector.ts";
import { type BtrfsAllocationStats, type BtrfsStats, readBtrfs } from "../sysfs/btrfs.ts";

function emitAllocation(out: FamilyBuilder, uuid: string, type: string, a: BtrfsAllocationStats): void {
  out.gauge("node_btrfs_reserved_bytes", "Amount of space reserved for a data type", a.reservedBytes, { uuid, block_group_type: type });
  for (const [mode, l] of a.layouts) {
    const labels = { uuid, block_group_type: type, mode };
    out.gauge("node_btrfs_used_bytes", "Amount of used space by a layout/data type", l.usedBytes, labels);
    out.gauge("node_btrfs_size_bytes", "Amount of space allocated for a layout/data type", l.totalBytes, labels);
    out.gauge("node_btrfs_allocation_ratio", "Data allocation ratio for a layout/data type", l.ratio, labels);
  }
}

function emit(out: FamilyBuilder, s: BtrfsStats): void {
  const uuid = s.uuid;
  out.gauge("node_btrfs_info", "Filesystem information", 1, { uuid, label: s.label });
  out.gauge("node_btrfs_global_rsv_size_bytes", "Size of global reserve.", s.globalRsvSize, { uuid });
  emitAllocation(out, uuid, "data", s.data);
  emitAllocation(out, uuid, "metadata", s.metadata);
  emitAllocation(out, uuid, "system", s.system);
  for (const [device, size] of s.devices) {
    out.gauge("node_btrfs_device_size_bytes", "Size of a device that is part of the filesystem.", size, { uuid, device });
  }
}

export const btrfsCollector: CollectorDefinition = {
  name: "btrfs",
  create: ({ paths }) => ({
    update(out) {
      let stats: BtrfsStats[];
      try {
        stats = readBtrfs(paths);
      } catch (err) {
        throw new Error(`failed to retrieve Btrfs stats from procfs: ${(err as Error).message}`, { cause: err });
      }
      for (const s of stats) emit(out, s);
    },
  }),
};
