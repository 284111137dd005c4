// node_exporter's udp_queues collector: bytes queued in UDP sockets, per
// direction and IP version.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { readUdpSummary } from "../host/procfs/net-udp.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const HELP = "Number of allocated memory in the kernel for UDP datagrams in bytes.";

const UDP_QUEUES = metricDesc("node_udp_queues", "gauge", HELP, ["queue", "ip"]);

export const udpQueuesCollector: CollectorDefinition = {
  name: "udp_queues",
  create({ paths, logger }) {
    return {
      update(out) {
        let missing = 0;
        for (const [file, ip] of [["udp", "v4"], ["udp6", "v6"]] as const) {
          try {
            const s = readUdpSummary(paths, file);
            out.add(UDP_QUEUES, s.txQueue, { queue: "tx", ip });
            out.add(UDP_QUEUES, s.rxQueue, { queue: "rx", ip });
          } catch (err) {
            if (!isNotFound(err)) {
              throw new Error(`couldn't get ${file === "udp" ? "udp" : "udp6"} queued bytes: ${(err as Error).message}`, { cause: err });
            }
            logger.debug(`not collecting ip${ip} based metrics`);
            missing++;
          }
        }
        if (missing === 2) throw new NoDataError();
      },
    };
  },
};
