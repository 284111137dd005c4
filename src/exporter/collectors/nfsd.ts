// NFS server statistics from /proc/net/rpc/nfsd.

import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { readNfsServerStats } from "../host/procfs/nfs-rpc.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const REQUESTS_HELP = "Total number NFSd Requests by method and protocol.";
const ERRORS_HELP = "Total number of NFSd RPC errors by error type.";
const PACKETS_HELP = "Total NFSd network packets (sent+received) by protocol type.";

const NFSD_REPLY_CACHE_HITS_TOTAL = metricDesc(
  "node_nfsd_reply_cache_hits_total",
  "counter",
  "Total number of NFSd Reply Cache hits (client lost server response).",
);
const NFSD_REPLY_CACHE_MISSES_TOTAL = metricDesc(
  "node_nfsd_reply_cache_misses_total",
  "counter",
  "Total number of NFSd Reply Cache an operation that requires caching (idempotent).",
);
const NFSD_REPLY_CACHE_NOCACHE_TOTAL = metricDesc(
  "node_nfsd_reply_cache_nocache_total",
  "counter",
  "Total number of NFSd Reply Cache non-idempotent operations (rename/delete/…).",
);
const NFSD_FILE_HANDLES_STALE_TOTAL = metricDesc(
  "node_nfsd_file_handles_stale_total",
  "counter",
  "Total number of NFSd stale file handles",
);
const NFSD_DISK_BYTES_READ_TOTAL = metricDesc("node_nfsd_disk_bytes_read_total", "counter", "Total NFSd bytes read.");
const NFSD_DISK_BYTES_WRITTEN_TOTAL = metricDesc(
  "node_nfsd_disk_bytes_written_total",
  "counter",
  "Total NFSd bytes written.",
);
const NFSD_SERVER_THREADS = metricDesc(
  "node_nfsd_server_threads",
  "gauge",
  "Total number of NFSd kernel threads that are running.",
);
const NFSD_READ_AHEAD_CACHE_SIZE_BLOCKS = metricDesc(
  "node_nfsd_read_ahead_cache_size_blocks",
  "gauge",
  "How large the read ahead cache is in blocks.",
);
const NFSD_READ_AHEAD_CACHE_NOT_FOUND_TOTAL = metricDesc(
  "node_nfsd_read_ahead_cache_not_found_total",
  "counter",
  "Total number of NFSd read ahead cache not found.",
);
const NFSD_PACKETS_TOTAL = metricDesc("node_nfsd_packets_total", "counter", PACKETS_HELP, ["proto"]);
const NFSD_CONNECTIONS_TOTAL = metricDesc(
  "node_nfsd_connections_total",
  "counter",
  "Total number of NFSd TCP connections.",
);
const NFSD_RPC_ERRORS_TOTAL = metricDesc("node_nfsd_rpc_errors_total", "counter", ERRORS_HELP, ["error"]);
const NFSD_SERVER_RPCS_TOTAL = metricDesc("node_nfsd_server_rpcs_total", "counter", "Total number of NFSd RPCs.");
const NFSD_REQUESTS_TOTAL = metricDesc("node_nfsd_requests_total", "counter", REQUESTS_HELP, ["proto", "method"]);

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
      out.add(NFSD_REPLY_CACHE_HITS_TOTAL, s.replyCache.hits);
      out.add(NFSD_REPLY_CACHE_MISSES_TOTAL, s.replyCache.misses);
      out.add(NFSD_REPLY_CACHE_NOCACHE_TOTAL, s.replyCache.noCache);
      out.add(NFSD_FILE_HANDLES_STALE_TOTAL, s.fileHandles.stale);
      out.add(NFSD_DISK_BYTES_READ_TOTAL, s.io.read);
      out.add(NFSD_DISK_BYTES_WRITTEN_TOTAL, s.io.write);
      out.add(NFSD_SERVER_THREADS, s.threads.threads);
      out.add(NFSD_READ_AHEAD_CACHE_SIZE_BLOCKS, s.readAhead.cacheSize);
      out.add(NFSD_READ_AHEAD_CACHE_NOT_FOUND_TOTAL, s.readAhead.notFound);
      out.add(NFSD_PACKETS_TOTAL, s.network.udpCount, { proto: "udp" });
      out.add(NFSD_PACKETS_TOTAL, s.network.tcpCount, { proto: "tcp" });
      out.add(NFSD_CONNECTIONS_TOTAL, s.network.tcpConnect);
      out.add(NFSD_RPC_ERRORS_TOTAL, s.rpc.badFmt, { error: "fmt" });
      out.add(NFSD_RPC_ERRORS_TOTAL, s.rpc.badAuth, { error: "auth" });
      out.add(NFSD_RPC_ERRORS_TOTAL, s.rpc.badcInt, { error: "cInt" });
      out.add(NFSD_SERVER_RPCS_TOTAL, s.rpc.rpcCount);
      for (const [proto, procs] of [["2", s.v2], ["3", s.v3]] as const) {
        for (const [method, v] of procs) {
          if (method !== "Null") out.add(NFSD_REQUESTS_TOTAL, v, { proto, method });
        }
      }
      for (const [method, v] of s.v4Ops) {
        if (V4_EXPORTED.has(method)) out.add(NFSD_REQUESTS_TOTAL, v, { proto: "4", method });
      }
      out.add(NFSD_REQUESTS_TOTAL, s.wdelegGetattr, { proto: "4", method: "WdelegGetattr" });
    },
  }),
};
