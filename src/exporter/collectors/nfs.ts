// NFS client RPC statistics from /proc/net/rpc/nfs.

import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { readNfsClientStats } from "../host/procfs/nfs-rpc.ts";

const REQUESTS_HELP = "Number of NFS procedures invoked.";

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
      const packetsHelp = "Total NFSd network packets (sent+received) by protocol type.";
      out.counter("node_nfs_packets_total", packetsHelp, s.network.udpCount, { protocol: "udp" });
      out.counter("node_nfs_packets_total", packetsHelp, s.network.tcpCount, { protocol: "tcp" });
      out.counter("node_nfs_connections_total", "Total number of NFSd TCP connections.", s.network.tcpConnect);
      out.counter("node_nfs_rpcs_total", "Total number of RPCs performed.", s.rpc.rpcCount);
      out.counter("node_nfs_rpc_retransmissions_total", "Number of RPC transmissions performed.", s.rpc.retransmissions);
      out.counter(
        "node_nfs_rpc_authentication_refreshes_total",
        "Number of RPC authentication refreshes performed.",
        s.rpc.authRefreshes,
      );
      for (const [proto, procs] of [["2", s.v2], ["3", s.v3], ["4", s.v4]] as const) {
        for (const [method, v] of procs) out.counter("node_nfs_requests_total", REQUESTS_HELP, v, { proto, method });
      }
    },
  }),
};
