// SCSI tape drive statistics from /sys/class/scsi_tape.

import { defineCollector, NoDataError } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { type ScsiTape, readScsiTapeClass } from "../host/sysfs/scsi-tape.ts";
import { SysfsReadError } from "../host/sysfs/sysfs-read-error.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { TAPESTATS_OPTIONS } from "./options/tapestats.ts";

const TAPE_IO_NOW = metricDesc(
  "node_tape_io_now",
  "gauge",
  "The number of I/Os currently outstanding to this device.",
  ["device"],
);
const TAPE_IO_TIME_SECONDS_TOTAL = metricDesc(
  "node_tape_io_time_seconds_total",
  "counter",
  "The amount of time spent waiting for all I/O to complete (including read and write). This includes tape movement commands such as seeking between file or set marks and implicit tape movement such as when rewind on close tape devices are used.",
  ["device"],
);
const TAPE_IO_OTHERS_TOTAL = metricDesc(
  "node_tape_io_others_total",
  "counter",
  "The number of I/Os issued to the tape drive other than read or write commands. The time taken to complete these commands uses the following calculation io_time_seconds_total-read_time_seconds_total-write_time_seconds_total",
  ["device"],
);
const TAPE_READ_BYTES_TOTAL = metricDesc(
  "node_tape_read_bytes_total",
  "counter",
  "The number of bytes read from the tape drive.",
  ["device"],
);
const TAPE_READS_COMPLETED_TOTAL = metricDesc(
  "node_tape_reads_completed_total",
  "counter",
  "The number of read requests issued to the tape drive.",
  ["device"],
);
const TAPE_READ_TIME_SECONDS_TOTAL = metricDesc(
  "node_tape_read_time_seconds_total",
  "counter",
  "The amount of time spent waiting for read requests to complete.",
  ["device"],
);
const TAPE_RESIDUAL_TOTAL = metricDesc(
  "node_tape_residual_total",
  "counter",
  "The number of times during a read or write we found the residual amount to be non-zero. This should mean that a program is issuing a read larger thean the block size on tape. For write not all data made it to tape.",
  ["device"],
);
const TAPE_WRITTEN_BYTES_TOTAL = metricDesc(
  "node_tape_written_bytes_total",
  "counter",
  "The number of bytes written to the tape drive.",
  ["device"],
);
const TAPE_WRITES_COMPLETED_TOTAL = metricDesc(
  "node_tape_writes_completed_total",
  "counter",
  "The number of write requests issued to the tape drive.",
  ["device"],
);
const TAPE_WRITE_TIME_SECONDS_TOTAL = metricDesc(
  "node_tape_write_time_seconds_total",
  "counter",
  "The amount of time spent waiting for write requests to complete.",
  ["device"],
);

const NS = 1e-9;

export const tapestatsCollector = defineCollector({
  name: "tapestats",
  options: TAPESTATS_OPTIONS,
  create({ paths, options, logger }) {
    const ignored = compileGoRegexp(options.ignoredDevices, "--collector.tapestats.ignored-devices");
    return {
      update(out) {
        let tapes: ScsiTape[];
        try {
          tapes = readScsiTapeClass(paths);
        } catch (err) {
          if (err instanceof SysfsReadError && err.code === "ENOENT") throw new NoDataError("scsi_tape stats not found, skipping");
          throw new Error(`error obtaining SCSITape class info: ${(err as Error).message}`, { cause: err });
        }
        for (const t of tapes) {
          if (ignored.test(t.name)) {
            logger.debug("Ignoring device", { device: t.name });
            continue;
          }
          const c = t.counters;
          const device = { device: t.name };
          out.add(TAPE_IO_NOW, c.in_flight, device);
          out.add(TAPE_IO_TIME_SECONDS_TOTAL, c.io_ns * NS, device);
          out.add(TAPE_IO_OTHERS_TOTAL, c.other_cnt, device);
          out.add(TAPE_READ_BYTES_TOTAL, c.read_byte_cnt, device);
          out.add(TAPE_READS_COMPLETED_TOTAL, c.read_cnt, device);
          out.add(TAPE_READ_TIME_SECONDS_TOTAL, c.read_ns * NS, device);
          out.add(TAPE_RESIDUAL_TOTAL, c.resid_cnt, device);
          out.add(TAPE_WRITTEN_BYTES_TOTAL, c.write_byte_cnt, device);
          out.add(TAPE_WRITES_COMPLETED_TOTAL, c.write_cnt, device);
          out.add(TAPE_WRITE_TIME_SECONDS_TOTAL, c.write_ns * NS, device);
        }
      },
    };
  },
});
