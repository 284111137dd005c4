// node_exporter's udp_queues collector: bytes queued in UDP sockets, per
// direction and IP version.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { readUdpSummary } from "../host/procfs/net-udp.ts";

const HELP = "Number of allocated memory in the kernel for UDP datagrams in bytes.";

export const udpQueuesCollector: CollectorDefinition = {
  name: "udp_queues",
  create({ paths, logger }) {
    return {
      update(out) {
        let missing = 0;
        for (const [file, ip] of [["udp", "v4"], ["udp6", "v6"]] as const) {
          try {
            const s = readUdpSummary(paths, file);
            out.gauge("node_udp_queues", HELP, s.txQueue, { queue: "tx", ip });
            out.gauge("node_udp_queues", HELP, s.rxQueue, { queue: "rx", ip });
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
