// NFS server statistics from /proc/net/rpc/nfsd.

import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { readNfsServerStats } from "../host/procfs/nfs-rpc.ts";

const REQUESTS_HELP = "Total number NFSd Requests by method and protocol.";

/** The v4 operations upstream exports (not the unused and PutPubFH/PutRootFH slots). */
const V4_EXPORTED = new Set([
  "Access", "Close", "Commit", "Create", "DelegPurge", "DelegReturn", "GetAttr", "GetFH", "Link", "Lock", "Lockt",
  "Locku", "Lookup", "LookupRoot", "Nverify", "Open", "OpenAttr", "OpenConfirm", "OpenDgrd", "PutFH", "Read",
  "ReadDir", "ReadLink", "Remove", "Rename", "Renew", "RestoreFH", "SaveFH", "SecInfo", "SetAttr", "SetClientID",
  "SetClientIDConfirm", "Verify", "Write", "RelLockOwner",
]);

export const nfsdCollector: CollectorDefinition = {
  name: "nfsd",
  create: ({ paths }) => ({
    update(out) {
      let s;
      try {
        s = readNfsServerStats(paths);
      } catch (err) {
        throw new Error(`failed to retrieve nfsd stats: ${(err as Error).message}`, { cause: err });
      }
      if (!s) throw new NoDataError("Not collecting NFSd metrics: no NFS server statistics");
      out.counter("node_nfsd_reply_cache_hits_total", "Total number of NFSd Reply Cache hits (client lost server response).", s.replyCache.hits);
      out.counter(
        "node_nfsd_reply_cache_misses_total",
        "Total number of NFSd Reply Cache an operation that requires caching (idempotent).",
        s.replyCache.misses,
      );
      out.counter(
        "node_nfsd_reply_cache_nocache_total",
        "Total number of NFSd Reply Cache non-idempotent operations (rename/delete/…).",
        s.replyCache.noCache,
      );
      out.counter("node_nfsd_file_handles_stale_total", "Total number of NFSd stale file handles", s.fileHandles.stale);
      out.counter("node_nfsd_disk_bytes_read_total", "Total NFSd bytes read.", s.io.read);
      out.counter("node_nfsd_disk_bytes_written_total", "Total NFSd bytes written.", s.io.write);
      out.gauge("node_nfsd_server_threads", "Total number of NFSd kernel threads that are running.", s.threads.threads);
      out.gauge("node_nfsd_read_ahead_cache_size_blocks", "How large the read ahead cache is in blocks.", s.readAhead.cacheSize);
      out.counter("node_nfsd_read_ahead_cache_not_found_total", "Total number of NFSd read ahead cache not found.", s.readAhead.notFound);
      const packetsHelp = "Total NFSd network packets (sent+received) by protocol type.";
      out.counter("node_nfsd_packets_total", packetsHelp, s.network.udpCount, { proto: "udp" });
      out.counter("node_nfsd_packets_total", packetsHelp, s.network.tcpCount, { proto: "tcp" });
      out.counter("node_nfsd_connections_total", "Total number of NFSd TCP connections.", s.network.tcpConnect);
      const errorsHelp = "Total number of NFSd RPC errors by error type.";
      out.counter("node_nfsd_rpc_errors_total", errorsHelp, s.rpc.badFmt, { error: "fmt" });
      out.counter("node_nfsd_rpc_errors_total", errorsHelp, s.rpc.badAuth, { error: "auth" });
      out.counter("node_nfsd_rpc_errors_total", errorsHelp, s.rpc.badcInt, { error: "cInt" });
      out.counter("node_nfsd_server_rpcs_total", "Total number of NFSd RPCs.", s.rpc.rpcCount);
      for (const [proto, procs] of [["2", s.v2], ["3", s.v3]] as const) {
        for (const [method, v] of procs) {
          if (method !== "Null") out.counter("node_nfsd_requests_total", REQUESTS_HELP, v, { proto, method });
        }
      }
      for (const [method, v] of s.v4Ops) {
        if (V4_EXPORTED.has(method)) out.counter("node_nfsd_requests_total", REQUESTS_HELP, v, { proto: "4", method });
      }
      out.counter("node_nfsd_requests_total", REQUESTS_HELP, s.wdelegGetattr, { proto: "4", method: "WdelegGetattr" });
    },
  }),
};
