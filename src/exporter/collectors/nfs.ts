// NFS client RPC statistics from /proc/net/rpc/nfs.

import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { readNfsClientStats } from "../host/procfs/nfs-rpc.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const REQUESTS_HELP = "Number of NFS procedures invoked.";
const PACKETS_HELP = "Total NFSd network packets (sent+received) by protocol type.";

const NFS_PACKETS_TOTAL = metricDesc("node_nfs_packets_total", "counter", PACKETS_HELP, ["protocol"]);
const NFS_CONNECTIONS_TOTAL = metricDesc(
  "node_nfs_connections_total",
  "counter",
  "Total number of NFSd TCP connections.",
);
const NFS_RPCS_TOTAL = metricDesc("node_nfs_rpcs_total", "counter", "Total number of RPCs performed.");
const NFS_RPC_RETRANSMISSIONS_TOTAL = metricDesc(
  "node_nfs_rpc_retransmissions_total",
  "counter",
  "Number of RPC transmissions performed.",
);
const NFS_RPC_AUTHENTICATION_REFRESHES_TOTAL = metricDesc(
  "node_nfs_rpc_authentication_refreshes_total",
  "counter",
  "Number of RPC authentication refreshes performed.",
);
const NFS_REQUESTS_TOTAL = metricDesc("node_nfs_requests_total", "counter", REQUESTS_HELP, ["proto", "method"]);

export const nfsCollector: CollectorDefinition = {
  name: "nfs",
  create: ({ paths }) => ({
    update(out) {
      let s;
      try {
        s = readNfsClientStats(paths);
      } catch (err) {
        throw new Error(`failed to retrieve nfs stats: ${(err as Error).message}`, { cause: err });
      }
      if (!s) throw new NoDataError("Not collecting NFS metrics: no NFS client statistics");
      out.add(NFS_PACKETS_TOTAL, s.network.udpCount, { protocol: "udp" });
      out.add(NFS_PACKETS_TOTAL, s.network.tcpCount, { protocol: "tcp" });
      out.add(NFS_CONNECTIONS_TOTAL, s.network.tcpConnect);
      out.add(NFS_RPCS_TOTAL, s.rpc.rpcCount);
      out.add(NFS_RPC_RETRANSMISSIONS_TOTAL, s.rpc.retransmissions);
      out.add(NFS_RPC_AUTHENTICATION_REFRESHES_TOTAL, s.rpc.authRefreshes);
      for (const [proto, procs] of [["2", s.v2], ["3", s.v3], ["4", s.v4]] as const) {
        for (const [method, v] of procs) out.add(NFS_REQUESTS_TOTAL, v, { proto, method });
      }
    },
  }),
};
