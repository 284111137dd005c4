// node_exporter's dmmultipath collector (1.12, default on): device-mapper
// multipath maps and the state of each of their paths, from sysfs alone.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { type DmMultipathDevice, readDmMultipathDevices } from "../host/sysfs/dm-multipath.ts";
import { errnoCode } from "../host/host-fs.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const DMMULTIPATH_DEVICE_INFO = metricDesc(
  "node_dmmultipath_device_info",
  "gauge",
  "Non-numeric information about a DM-multipath device.",
  ["device", "sysfs_name", "uuid"],
);
const DMMULTIPATH_DEVICE_ACTIVE = metricDesc(
  "node_dmmultipath_device_active",
  "gauge",
  "Whether the multipath device-mapper device is active (1) or suspended (0).",
  ["device", "sysfs_name"],
);
const DMMULTIPATH_DEVICE_SIZE_BYTES = metricDesc(
  "node_dmmultipath_device_size_bytes",
  "gauge",
  "Size of the multipath device in bytes, read from /sys/block/<dm>/size.",
  ["device", "sysfs_name"],
);
const DMMULTIPATH_DEVICE_PATHS = metricDesc(
  "node_dmmultipath_device_paths",
  "gauge",
  "Number of paths for a multipath device.",
  ["device", "sysfs_name"],
);
const DMMULTIPATH_DEVICE_PATHS_ACTIVE = metricDesc(
  "node_dmmultipath_device_paths_active",
  "gauge",
  "Number of paths in active state (SCSI running or NVMe live) for a multipath device.",
  ["device", "sysfs_name"],
);
const DMMULTIPATH_DEVICE_PATHS_FAILED = metricDesc(
  "node_dmmultipath_device_paths_failed",
  "gauge",
  "Number of paths not in active state for a multipath device.",
  ["device", "sysfs_name"],
);

const DMMULTIPATH_PATH_STATE = metricDesc(
  "node_dmmultipath_path_state",
  "gauge",
  "Reports the underlying device state for a multipath path, as read from /sys/block/<dev>/device/state.",
  ["device", "path", "state"],
);

/** A SCSI path that is running or an NVMe path that is live carries I/O. */
function isPathActive(state: string): boolean {
  return state === "running" || state === "live";
}

export const dmmultipathCollector: CollectorDefinition = {
  name: "dmmultipath",
  create({ paths, logger }) {
    return {
      update(out) {
        let devices: DmMultipathDevice[];
        try {
          devices = readDmMultipathDevices(paths);
        } catch (err) {
          const code = errnoCode(err);
          if (code === "ENOENT" || code === "EACCES" || code === "EPERM") {
            logger.debug("Could not read DM-multipath devices", { err });
            throw new NoDataError();
          }
          throw new Error(`failed to scan DM-multipath devices: ${(err as Error).message}`, { cause: err });
        }
        for (const dev of devices) {
          const labels = { device: dev.name, sysfs_name: dev.sysfsName };
          out.add(DMMULTIPATH_DEVICE_INFO, 1, { ...labels, uuid: dev.uuid });
          out.add(DMMULTIPATH_DEVICE_ACTIVE, dev.suspended ? 0 : 1, labels);
          out.add(DMMULTIPATH_DEVICE_SIZE_BYTES, dev.sizeBytes, labels);
          let active = 0;
          for (const p of dev.paths) {
            if (isPathActive(p.state)) active++;
            out.add(DMMULTIPATH_PATH_STATE, 1, { device: dev.name, path: p.device, state: p.state });
          }
          out.add(DMMULTIPATH_DEVICE_PATHS, dev.paths.length, labels);
          out.add(DMMULTIPATH_DEVICE_PATHS_ACTIVE, active, labels);
          out.add(DMMULTIPATH_DEVICE_PATHS_FAILED, dev.paths.length - active, labels);
        }
      },
    };
  },
};
