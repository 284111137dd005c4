// node_exporter's bcachefs collector (1.11): per file system and member
// device statistics from /sys/fs/bcachefs, plus one counter family per
// bcachefs event counter.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { type BcachefsStats, readBcachefs } from "../host/sysfs/bcachefs.ts";
import { sanitizeMetricName } from "./rapl.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";

const BCACHEFS_INFO = metricDesc("node_bcachefs_info", "gauge", "Filesystem information.", ["uuid"]);
// One counter per file of the filesystem's counters/ folder.
const BCACHEFS_COUNTER = dataNamedDescs((name) => {
  const help = `Bcachefs counter ${name} since filesystem creation.`;
  return metricDesc(`node_bcachefs_${sanitizeMetricName(name)}_total`, "counter", help, ["uuid"]);
});
const BCACHEFS_BTREE_CACHE_SIZE_BYTES = metricDesc(
  "node_bcachefs_btree_cache_size_bytes",
  "gauge",
  "Btree cache memory usage in bytes.",
  ["uuid"],
);
const BCACHEFS_COMPRESSION_COMPRESSED_BYTES = metricDesc(
  "node_bcachefs_compression_compressed_bytes",
  "gauge",
  "Compressed size by algorithm.",
  ["uuid", "algorithm"],
);
const BCACHEFS_COMPRESSION_UNCOMPRESSED_BYTES = metricDesc(
  "node_bcachefs_compression_uncompressed_bytes",
  "gauge",
  "Uncompressed size by algorithm.",
  ["uuid", "algorithm"],
);
const BCACHEFS_ERRORS_TOTAL = metricDesc(
  "node_bcachefs_errors_total",
  "counter",
  "Error count by error type.",
  ["uuid", "error_type"],
);
const BCACHEFS_BTREE_WRITES_TOTAL = metricDesc(
  "node_bcachefs_btree_writes_total",
  "counter",
  "Number of btree writes by type.",
  ["uuid", "type"],
);
const BCACHEFS_BTREE_WRITE_AVERAGE_SIZE_BYTES = metricDesc(
  "node_bcachefs_btree_write_average_size_bytes",
  "gauge",
  "Average btree write size by type.",
  ["uuid", "type"],
);
const BCACHEFS_DEVICE_INFO = metricDesc(
  "node_bcachefs_device_info",
  "gauge",
  "Device information.",
  ["uuid", "device", "label", "state"],
);
const BCACHEFS_DEVICE_BUCKET_SIZE_BYTES = metricDesc(
  "node_bcachefs_device_bucket_size_bytes",
  "gauge",
  "Bucket size in bytes.",
  ["uuid", "device"],
);
const BCACHEFS_DEVICE_BUCKETS = metricDesc(
  "node_bcachefs_device_buckets",
  "gauge",
  "Total number of buckets.",
  ["uuid", "device"],
);
const BCACHEFS_DEVICE_DURABILITY = metricDesc(
  "node_bcachefs_device_durability",
  "gauge",
  "Device durability setting.",
  ["uuid", "device"],
);
const BCACHEFS_DEVICE_IO_DONE_BYTES_TOTAL = metricDesc(
  "node_bcachefs_device_io_done_bytes_total",
  "counter",
  "IO bytes by operation type and data type.",
  ["uuid", "device", "operation", "data_type"],
);
const BCACHEFS_DEVICE_IO_ERRORS_TOTAL = metricDesc(
  "node_bcachefs_device_io_errors_total",
  "counter",
  "IO errors by error type.",
  ["uuid", "device", "type"],
);

export const bcachefsCollector: CollectorDefinition = {
  name: "bcachefs",
  create({ paths, logger }) {
    return {
      update(out) {
        let all: BcachefsStats[];
        try {
          all = readBcachefs(paths);
        } catch (err) {
          if (isNotFound(err)) {
            logger.debug("bcachefs sysfs path does not exist", { path: paths.sys("fs", "bcachefs") });
            throw new NoDataError();
          }
          throw new Error(`failed to retrieve bcachefs stats: ${(err as Error).message}`, { cause: err });
        }
        if (all.length === 0) throw new NoDataError();
        for (const s of all) {
          const uuid = s.uuid;
          out.add(BCACHEFS_INFO, 1, { uuid });
          out.add(BCACHEFS_BTREE_CACHE_SIZE_BYTES, s.btreeCacheSizeBytes, { uuid });
          for (const [algorithm, c] of s.compression) {
            out.add(BCACHEFS_COMPRESSION_COMPRESSED_BYTES, c.compressedBytes, { uuid, algorithm });
            out.add(BCACHEFS_COMPRESSION_UNCOMPRESSED_BYTES, c.uncompressedBytes, { uuid, algorithm });
          }
          for (const [error_type, count] of s.errors) {
            out.add(BCACHEFS_ERRORS_TOTAL, count, { uuid, error_type });
          }
          for (const [name, value] of s.counters) {
            out.add(BCACHEFS_COUNTER(name), value, { uuid });
          }
          for (const [type, w] of s.btreeWrites) {
            out.add(BCACHEFS_BTREE_WRITES_TOTAL, w.count, { uuid, type });
            out.add(BCACHEFS_BTREE_WRITE_AVERAGE_SIZE_BYTES, w.sizeBytes, { uuid, type });
          }
          for (const [device, d] of s.devices) {
            out.add(BCACHEFS_DEVICE_INFO, 1, { uuid, device, label: d.label, state: d.state });
            out.add(BCACHEFS_DEVICE_BUCKET_SIZE_BYTES, d.bucketSizeBytes, { uuid, device });
            out.add(BCACHEFS_DEVICE_BUCKETS, d.buckets, { uuid, device });
            out.add(BCACHEFS_DEVICE_DURABILITY, d.durability, { uuid, device });
            for (const [operation, byType] of d.ioDone) {
              for (const [data_type, bytes] of byType) {
                out.add(BCACHEFS_DEVICE_IO_DONE_BYTES_TOTAL, bytes, {
                  uuid,
                  device,
                  operation,
                  data_type,
                });
              }
            }
            for (const [type, count] of d.ioErrors) {
              out.add(BCACHEFS_DEVICE_IO_ERRORS_TOTAL, count, { uuid, device, type });
            }
          }
        }
      },
    };
  },
};
