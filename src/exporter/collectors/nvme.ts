// NVMe controller identity and namespaces from /sys/class/nvme.

import { metricDesc } from "../../metrics/metric-desc.ts";
import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { type NvmeDevice, readNvmeClass } from "../host/sysfs/nvme.ts";
import { SysfsReadError } from "../host/sysfs/sysfs-read-error.ts";

const INFO = metricDesc("node_nvme_info", "gauge", "Non-numeric data from /sys/class/nvme/<device>, value is always 1.", [
  "device",
  "firmware_revision",
  "model",
  "serial",
  "state",
  "cntlid",
]);
// Namespaces since node_exporter 1.11 (#3360).
const NAMESPACE_INFO = metricDesc("node_nvme_namespace_info", "gauge", "Information about NVMe namespaces. Value is always 1", [
  "device",
  "nsid",
  "ana_state",
]);
const NS = ["device", "nsid"] as const;
const CAPACITY = metricDesc(
  "node_nvme_namespace_capacity_bytes",
  "gauge",
  "Capacity of the NVMe namespace in bytes. Computed as namespace_size * namespace_logical_block_size",
  NS,
);
const SIZE = metricDesc(
  "node_nvme_namespace_size_bytes",
  "gauge",
  "Size of the NVMe namespace in bytes. Available in /sys/class/nvme/<device>/<namespace>/size",
  NS,
);
const USED = metricDesc(
  "node_nvme_namespace_used_bytes",
  "gauge",
  "Used space of the NVMe namespace in bytes. Available in /sys/class/nvme/<device>/<namespace>/nuse",
  NS,
);
const BLOCK_SIZE = metricDesc(
  "node_nvme_namespace_logical_block_size_bytes",
  "gauge",
  "Logical block size of the NVMe namespace in bytes. Usually 4Kb. Available in /sys/class/nvme/<device>/<namespace>/queue/logical_block_size",
  NS,
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
        out.add(INFO, 1, {
          device: d.name,
          firmware_revision: d.firmwareRevision,
          model: d.model,
          serial: d.serial,
          state: d.state,
          cntlid: d.controllerId,
        });
        for (const ns of d.namespaces) {
          const labels = { device: d.name, nsid: ns.id };
          out.add(NAMESPACE_INFO, 1, { ...labels, ana_state: ns.anaState });
          out.add(CAPACITY, ns.sizeBytes, labels);
          out.add(SIZE, ns.sizeBytes, labels);
          out.add(USED, ns.usedBytes, labels);
          out.add(BLOCK_SIZE, ns.logicalBlockSize, labels);
        }
      }
    },
  }),
};
