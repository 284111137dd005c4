import type { CollectorDefinition } from "../collector.ts";
import { type SoftnetStat, readSoftnet } from "../host/procfs/softnet.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const SOFTNET_PROCESSED_TOTAL = metricDesc(
  "node_softnet_processed_total",
  "counter",
  "Number of processed packets",
  ["cpu"],
);
const SOFTNET_DROPPED_TOTAL = metricDesc("node_softnet_dropped_total", "counter", "Number of dropped packets", ["cpu"]);
const SOFTNET_TIMES_SQUEEZED_TOTAL = metricDesc(
  "node_softnet_times_squeezed_total",
  "counter",
  "Number of times processing packets ran out of quota",
  ["cpu"],
);
const SOFTNET_CPU_COLLISION_TOTAL = metricDesc(
  "node_softnet_cpu_collision_total",
  "counter",
  "Number of collision occur while obtaining device lock while transmitting",
  ["cpu"],
);
const SOFTNET_RECEIVED_RPS_TOTAL = metricDesc(
  "node_softnet_received_rps_total",
  "counter",
  "Number of times cpu woken up received_rps",
  ["cpu"],
);
const SOFTNET_FLOW_LIMIT_COUNT_TOTAL = metricDesc(
  "node_softnet_flow_limit_count_total",
  "counter",
  "Number of times flow limit has been reached",
  ["cpu"],
);
const SOFTNET_BACKLOG_LEN = metricDesc("node_softnet_backlog_len", "gauge", "Softnet backlog status", ["cpu"]);

export const softnetCollector: CollectorDefinition = {
  name: "softnet",
  create: ({ paths }) => ({
    update(out) {
      let stats: SoftnetStat[];
      try {
        stats = readSoftnet(paths);
      } catch (err) {
        throw new Error(`could not get softnet statistics: ${(err as Error).message}`, { cause: err });
      }
      for (const s of stats) {
        const labels = { cpu: String(s.index) };
        out.add(SOFTNET_PROCESSED_TOTAL, s.processed, labels);
        out.add(SOFTNET_DROPPED_TOTAL, s.dropped, labels);
        out.add(SOFTNET_TIMES_SQUEEZED_TOTAL, s.timeSqueezed, labels);
        out.add(SOFTNET_CPU_COLLISION_TOTAL, s.cpuCollision, labels);
        out.add(SOFTNET_RECEIVED_RPS_TOTAL, s.receivedRps, labels);
        out.add(SOFTNET_FLOW_LIMIT_COUNT_TOTAL, s.flowLimitCount, labels);
        out.add(SOFTNET_BACKLOG_LEN, s.backlogLen, labels);
      }
    },
  }),
};
