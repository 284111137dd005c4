// Fibre Channel host ports from /sys/class/fc_host.

import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { type FcCounter, type FibreChannelHost, readFibreChannelClass } from "../host/sysfs/fibre-channel.ts";
import { SysfsReadError } from "../host/sysfs/sysfs-read-error.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const FIBRECHANNEL_INFO = metricDesc(
  "node_fibrechannel_info",
  "gauge",
  "Non-numeric data from /sys/class/fc_host/<host>, value is always 1.",
  ["fc_host", "speed", "port_state", "port_type", "port_id", "port_name", "fabric_name", "symbolic_name", "supported_classes", "supported_speeds", "dev_loss_tmo"],
);

const MAX_UINT64 = 0xffffffffffffffffn;

/** Metric suffix, HELP and source counter, in upstream's order. */
const COUNTER_FILES: [name: string, help: string, counter: FcCounter][] = [
  ["dumped_frames_total", "Number of dumped frames", "dumped_frames"],
  ["error_frames_total", "Number of errors in frames", "error_frames"],
  ["invalid_crc_total", "Invalid Cyclic Redundancy Check count", "invalid_crc_count"],
  ["rx_frames_total", "Number of frames received", "rx_frames"],
  ["rx_words_total", "Number of words received by host port", "rx_words"],
  ["tx_frames_total", "Number of frames transmitted by host port", "tx_frames"],
  ["tx_words_total", "Number of words transmitted by host port", "tx_words"],
  ["seconds_since_last_reset_total", "Number of seconds since last host port reset", "seconds_since_last_reset"],
  ["invalid_tx_words_total", "Number of invalid words transmitted by host port", "invalid_tx_word_count"],
  ["link_failure_total", "Number of times the host port link has failed", "link_failure_count"],
  ["loss_of_sync_total", "Number of failures on either bit or transmission word boundaries", "loss_of_sync_count"],
  ["loss_of_signal_total", "Number of times signal has been lost", "loss_of_signal_count"],
  ["nos_total", "Number Not_Operational Primitive Sequence received by host port", "nos_count"],
  ["fcp_packet_aborts_total", "Number of aborted packets", "fcp_packet_aborts"],
];

const COUNTERS = COUNTER_FILES.map(
  ([name, help, counter]) => [metricDesc(`node_fibrechannel_${name}`, "counter", help, ["fc_host"]), counter] as const,
);

export const fibrechannelCollector: CollectorDefinition = {
  name: "fibrechannel",
  create: ({ paths }) => ({
    update(out) {
      let hosts: FibreChannelHost[];
      try {
        hosts = readFibreChannelClass(paths);
      } catch (err) {
        if (err instanceof SysfsReadError && err.code === "ENOENT") throw new NoDataError("fibrechannel statistics not found, skipping");
        throw new Error(`error obtaining FibreChannel class info: ${(err as Error).message}`, { cause: err });
      }
      for (const h of hosts) {
        const a = h.attributes;
        out.add(FIBRECHANNEL_INFO, 1, {
          fc_host: h.name,
          speed: a.speed,
          port_state: a.port_state,
          port_type: a.port_type,
          port_id: a.port_id,
          port_name: a.port_name,
          fabric_name: a.fabric_name,
          symbolic_name: a.symbolic_name,
          supported_classes: a.supported_classes,
          supported_speeds: a.supported_speeds,
          dev_loss_tmo: a.dev_loss_tmo,
        });
        for (const [desc, counter] of COUNTERS) {
          const v = h.counters[counter];
          // All ones is the driver's "not available".
          if (v !== MAX_UINT64) out.add(desc, Number(v), { fc_host: h.name });
        }
      }
    },
  }),
};
