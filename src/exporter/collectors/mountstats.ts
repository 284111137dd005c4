// NFS client statistics per mount from /proc/self/mountstats, with the
// server address from /proc/self/mountinfo.

import { readText } from "../host/host-fs.ts";
import type { CollectorDefinition } from "../collector.ts";
import { parseMountInfo } from "../host/procfs/mountinfo.ts";
import { type NfsBytes, type NfsEvent, type NfsMountStats, type NfsOperation, type NfsTransport, parseMountStats } from "../host/procfs/mountstats.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { type MetricDesc, metricDesc } from "../../metrics/metric-desc.ts";

const P = "node_mountstats_nfs_";
// Upstream keeps cumulative values below 2^53 so float64 stays exact.
const MANTISSA = 9007199254740992n;

/** Go's float64(v % float64Mantissa) on a uint64. */
function below53(v: bigint): number {
  return Number(v % MANTISSA);
}

/** The labels of a mount's statistics: one export per transport protocol and server address. */
const MOUNT = ["export", "protocol", "mountaddr"] as const;
type MountLabels = Record<(typeof MOUNT)[number], string>;
const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
  metricDesc(P + name, "counter", help, labelNames);

const MOUNTPOINT_INFO = metricDesc(`${P}mountpoint_info`, "gauge", "Info metric for an NFS mountpoint.", [...MOUNT, "mountpoint"]);
const AGE = counter("age_seconds_total", "The age of the NFS mount in seconds.", MOUNT);

const BYTES_FIELDS: [name: string, help: string, key: NfsBytes][] = [
  ["read_bytes_total", "Number of bytes read using the read() syscall.", "read"],
  ["write_bytes_total", "Number of bytes written using the write() syscall.", "write"],
  ["direct_read_bytes_total", "Number of bytes read using the read() syscall in O_DIRECT mode.", "directRead"],
  ["direct_write_bytes_total", "Number of bytes written using the write() syscall in O_DIRECT mode.", "directWrite"],
  ["total_read_bytes_total", "Number of bytes read from the NFS server, in total.", "readTotal"],
  ["total_write_bytes_total", "Number of bytes written to the NFS server, in total.", "writeTotal"],
  ["read_pages_total", "Number of pages read directly via mmap()'d files.", "readPages"],
  ["write_pages_total", "Number of pages written directly via mmap()'d files.", "writePages"],
];

const TRANSPORT_FIELDS: [name: string, help: string, kind: "counter" | "gauge", value: (t: NfsTransport) => number][] = [
  ["transport_bind_total", "Number of times the client has had to establish a connection from scratch to the NFS server.", "counter", (t) => t.bind],
  ["transport_connect_total", "Number of times the client has made a TCP connection to the NFS server.", "counter", (t) => t.connect],
  [
    "transport_idle_time_seconds",
    "Duration since the NFS mount last saw any RPC traffic, in seconds.",
    "gauge",
    (t) => below53(t.idleTimeSeconds),
  ],
  ["transport_sends_total", "Number of RPC requests for this mount sent to the NFS server.", "counter", (t) => t.sends],
  ["transport_receives_total", "Number of RPC responses for this mount received from the NFS server.", "counter", (t) => t.receives],
  [
    "transport_bad_transaction_ids_total",
    "Number of times the NFS server sent a response with a transaction ID unknown to this client.",
    "counter",
    (t) => t.badTransactionIds,
  ],
  ["transport_backlog_queue_total", "Total number of items added to the RPC backlog queue.", "counter", (t) => t.cumulativeBacklog],
  ["transport_maximum_rpc_slots", "Maximum number of simultaneously active RPC requests ever used.", "gauge", (t) => t.maximumRpcSlotsUsed],
  [
    "transport_sending_queue_total",
    "Total number of items added to the RPC transmission sending queue.",
    "counter",
    (t) => t.cumulativeSendingQueue,
  ],
  [
    "transport_pending_queue_total",
    "Total number of items added to the RPC transmission pending queue.",
    "counter",
    (t) => t.cumulativePendingQueue,
  ],
];

// HELP texts as upstream has them, copy slips (vfs_open, vfs_setattr) included.
const EVENT_FIELDS: [name: string, help: string, key: NfsEvent][] = [
  ["event_inode_revalidate_total", "Number of times cached inode attributes are re-validated from the server.", "inodeRevalidate"],
  ["event_dnode_revalidate_total", "Number of times cached dentry nodes are re-validated from the server.", "dnodeRevalidate"],
  ["event_data_invalidate_total", "Number of times an inode cache is cleared.", "dataInvalidate"],
  ["event_attribute_invalidate_total", "Number of times cached inode attributes are invalidated.", "attributeInvalidate"],
  ["event_vfs_open_total", "Number of times cached inode attributes are invalidated.", "vfsOpen"],
  ["event_vfs_lookup_total", "Number of times a directory lookup has occurred.", "vfsLookup"],
  ["event_vfs_access_total", "Number of times permissions have been checked.", "vfsAccess"],
  ["event_vfs_update_page_total", "Number of updates (and potential writes) to pages.", "vfsUpdatePage"],
  ["event_vfs_read_page_total", "Number of pages read directly via mmap()'d files.", "vfsReadPage"],
  ["event_vfs_read_pages_total", "Number of times a group of pages have been read.", "vfsReadPages"],
  ["event_vfs_write_page_total", "Number of pages written directly via mmap()'d files.", "vfsWritePage"],
  ["event_vfs_write_pages_total", "Number of times a group of pages have been written.", "vfsWritePages"],
  ["event_vfs_getdents_total", "Number of times directory entries have been read with getdents().", "vfsGetdents"],
  ["event_vfs_setattr_total", "Number of times directory entries have been read with getdents().", "vfsSetattr"],
  ["event_vfs_flush_total", "Number of pending writes that have been forcefully flushed to the server.", "vfsFlush"],
  ["event_vfs_fsync_total", "Number of times fsync() has been called on directories and files.", "vfsFsync"],
  ["event_vfs_lock_total", "Number of times locking has been attempted on a file.", "vfsLock"],
  ["event_vfs_file_release_total", "Number of times files have been closed and released.", "vfsFileRelease"],
  ["event_truncation_total", "Number of times files have been truncated.", "truncation"],
  ["event_write_extension_total", "Number of times a file has been grown due to writes beyond its existing end.", "writeExtension"],
  ["event_silly_rename_total", "Number of times a file was removed while still open by another process.", "sillyRename"],
  ["event_short_read_total", "Number of times the NFS server gave less data than expected while reading.", "shortRead"],
  ["event_short_write_total", "Number of times the NFS server wrote less data than expected while writing.", "shortWrite"],
  ["event_jukebox_delay_total", "Number of times the NFS server indicated EJUKEBOX; retrieving data from offline storage.", "jukeboxDelay"],
  ["event_pnfs_read_total", "Number of NFS v4.1+ pNFS reads.", "pnfsRead"],
  ["event_pnfs_write_total", "Number of NFS v4.1+ pNFS writes.", "pnfsWrite"],
];

const BYTES = BYTES_FIELDS.map(([name, help, key]) => [counter(name, help, MOUNT), key] as const);
const TRANSPORT = TRANSPORT_FIELDS.map(
  ([name, help, kind, value]) => [metricDesc(P + name, kind, help, [...MOUNT, "transport"]), value] as const,
);
const EVENTS = EVENT_FIELDS.map(([name, help, key]) => [counter(name, help, MOUNT), key] as const);

const OPERATION = [...MOUNT, "operation"] as const;
const OPERATIONS: [MetricDesc<(typeof OPERATION)[number]>, (op: NfsOperation) => number][] = [
  [counter("operations_requests_total", "Number of requests performed for a given operation.", OPERATION), (op) => op.requests],
  [
    counter("operations_transmissions_total", "Number of times an actual RPC request has been transmitted for a given operation.", OPERATION),
    (op) => op.transmissions,
  ],
  [
    counter("operations_major_timeouts_total", "Number of times a request has had a major timeout for a given operation.", OPERATION),
    (op) => op.majorTimeouts,
  ],
  [
    counter("operations_sent_bytes_total", "Number of bytes sent for a given operation, including RPC headers and payload.", OPERATION),
    (op) => op.bytesSent,
  ],
  [
    counter("operations_received_bytes_total", "Number of bytes received for a given operation, including RPC headers and payload.", OPERATION),
    (op) => op.bytesReceived,
  ],
  [
    counter(
      "operations_queue_time_seconds_total",
      "Duration all requests spent queued for transmission for a given operation before they were sent, in seconds.",
      OPERATION,
    ),
    (op) => below53(op.queueMilliseconds) / 1000,
  ],
  [
    counter(
      "operations_response_time_seconds_total",
      "Duration all requests took to get a reply back after a request for a given operation was transmitted, in seconds.",
      OPERATION,
    ),
    (op) => below53(op.totalResponseMilliseconds) / 1000,
  ],
  [
    counter(
      "operations_request_time_seconds_total",
      "Duration all requests took from when a request was enqueued to when it was completely handled for a given operation, in seconds.",
      OPERATION,
    ),
    (op) => below53(op.totalRequestMilliseconds) / 1000,
  ],
];

function emit(out: FamilyBuilder, s: NfsMountStats, labels: MountLabels): void {
  out.add(AGE, s.ageSeconds, labels);
  for (const [desc, key] of BYTES) out.add(desc, s.bytes[key], labels);
  s.transports.forEach((t, i) => {
    const l = { ...labels, transport: String(i) };
    for (const [desc, value] of TRANSPORT) out.add(desc, value(t), l);
  });
  for (const op of s.operations) {
    const l = { ...labels, operation: op.operation };
    for (const [desc, value] of OPERATIONS) out.add(desc, value(op), l);
  }
  for (const [desc, key] of EVENTS) out.add(desc, s.events[key], labels);
}

function parsed<T>(file: string, what: string, parse: (text: string) => T): T {
  try {
    return parse(readText(file));
  } catch (err) {
    throw new Error(`failed to parse ${what}: ${file}: ${(err as Error).message}`, { cause: err });
  }
}

export const mountstatsCollector: CollectorDefinition = {
  name: "mountstats",
  create: ({ paths, logger }) => ({
    update(out) {
      const mounts = parsed(paths.proc("self", "mountstats"), "mountstats", parseMountStats);
      const infos = parsed(paths.proc("self", "mountinfo"), "mountinfo", parseMountInfo);
      const seenDevices = new Set<string>();
      const seenMountpoints = new Set<string>();
      mounts.forEach((m, idx) => {
        const nfs = m.nfs;
        if (!nfs) return;
        // Upstream pairs the two files by position.
        const mountaddr = idx < infos.length ? (infos[idx].superOptions.get("addr") ?? "") : "";
        // As upstream: per transport protocol, one info series per mount point
        // and one set of statistics per export; a mount without xprt: has neither.
        for (const t of nfs.transports) {
          const labels = { export: m.device, protocol: t.protocol, mountaddr };
          const mountpointKey = `${m.device}\0${t.protocol}\0${mountaddr}\0${m.mount}`;
          if (seenMountpoints.has(mountpointKey)) {
            logger.debug("Skipping duplicate mountpoint info entry", { device: m.device, mountpoint: m.mount });
          } else {
            seenMountpoints.add(mountpointKey);
            out.add(MOUNTPOINT_INFO, 1, { ...labels, mountpoint: m.mount });
          }
          const key = `${m.device}\0${t.protocol}\0${mountaddr}`;
          if (seenDevices.has(key)) {
            logger.debug("Skipping duplicate device entry", { device: m.device, protocol: t.protocol, mountaddr });
            break;
          }
          seenDevices.add(key);
          emit(out, nfs, labels);
        }
      });
    },
  }),
};
