// node_exporter's dmmultipath collector (1.12, default on): device-mapper
// multipath maps and the state of each of their paths, from sysfs alone.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { type DmMultipathDevice, readDmMultipathDevices } from "../host/sysfs/dm-multipath.ts";
import { errnoCode } from "../host/host-fs.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

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
          out.gauge("node_dmmultipath_device_info", "Non-numeric information about a DM-multipath device.", 1, { ...labels, uuid: dev.uuid });
          out.gauge(
            "node_dmmultipath_device_active",
            "Whether the multipath device-mapper device is active (1) or suspended (0).",
            dev.suspended ? 0 : 1,
            labels,
          );
          out.gauge(
            "node_dmmultipath_device_size_bytes",
            "Size of the multipath device in bytes, read from /sys/block/<dm>/size.",
            dev.sizeBytes,
            labels,
          );
          let active = 0;
          for (const p of dev.paths) {
            if (isPathActive(p.state)) active++;
            out.add(DMMULTIPATH_PATH_STATE, 1, { device: dev.name, path: p.device, state: p.state });
          }
          out.gauge("node_dmmultipath_device_paths", "Number of paths for a multipath device.", dev.paths.length, labels);
          out.gauge(
            "node_dmmultipath_device_paths_active",
            "Number of paths in active state (SCSI running or NVMe live) for a multipath device.",
            active,
            labels,
          );
          out.gauge("node_dmmultipath_device_paths_failed", "Number of paths not in active state for a multipath device.", dev.paths.length - active, labels);
        }
      },
    };
  },
};
