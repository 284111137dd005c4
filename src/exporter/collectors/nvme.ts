// NVMe controller identity from /sys/class/nvme.

import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { type NvmeDevice, readNvmeClass } from "../host/sysfs/nvme.ts";
import { SysfsReadError } from "../host/sysfs/sysfs-read-error.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const NVME_INFO = metricDesc(
  "node_nvme_info",
  "gauge",
  "Non-numeric data from /sys/class/nvme/<device>, value is always 1.",
  ["device", "firmware_revision", "model", "serial", "state"],
);

export const nvmeCollector: CollectorDefinition = {
  name: "nvme",
  create: ({ paths }) => ({
    update(out) {
      let devices: NvmeDevice[];
      try {
        devices = readNvmeClass(paths);
      } catch (err) {
        // Upstream treats any missing file (the class or one attribute) as "no NVMe here".
        if (err instanceof SysfsReadError && err.code === "ENOENT") throw new NoDataError("nvme statistics not found, skipping");
        throw new Error(`error obtaining NVMe class info: ${(err as Error).message}`, { cause: err });
      }
      for (const d of devices) {
        out.add(NVME_INFO, 1, {
          device: d.name,
          firmware_revision: d.firmwareRevision,
          model: d.model,
          serial: d.serial,
          state: d.state,
        });
      }
    },
  }),
};
