import type { CollectorDefinition } from "../collector.ts";
import { type SoftnetStat, readSoftnet } from "../host/procfs/softnet.ts";

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
        out.counter("node_softnet_processed_total", "Number of processed packets", s.processed, labels);
        out.counter("node_softnet_dropped_total", "Number of dropped packets", s.dropped, labels);
        out.counter("node_softnet_times_squeezed_total", "Number of times processing packets ran out of quota", s.timeSqueezed, labels);
        out.counter("node_softnet_cpu_collision_total", "Number of collision occur while obtaining device lock while transmitting", s.cpuCollision, labels);
        out.counter("node_softnet_received_rps_total", "Number of times cpu woken up received_rps", s.receivedRps, labels);
        out.counter("node_softnet_flow_limit_count_total", "Number of times flow limit has been reached", s.flowLimitCount, labels);
        out.gauge("node_softnet_backlog_len", "Softnet backlog status", s.backlogLen, labels);
      }
    },
  }),
};
