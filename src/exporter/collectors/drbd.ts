// DRBD 8 replication state and counters from /proc/drbd.

import { parseGoFloat } from "../../go/format-float.ts";
import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { readDrbd } from "../host/procfs/drbd.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const DRBD_CONNECTED = metricDesc("node_drbd_connected", "gauge", "Whether DRBD is connected to the peer.", ["device"]);

const NUMERICAL_FIELDS: Record<string, [name: string, help: string, kind: "counter" | "gauge", multiplier: number]> = {
  // Upstream scales ns, dw, dr and oos from KiB but leaves nr as is.
  ns: ["network_sent_bytes_total", "Total number of bytes sent via the network.", "counter", 1024],
  nr: ["network_received_bytes_total", "Total number of bytes received via the network.", "counter", 1],
  dw: ["disk_written_bytes_total", "Net data written on local hard disk; in bytes.", "counter", 1024],
  dr: ["disk_read_bytes_total", "Net data read from local hard disk; in bytes.", "counter", 1024],
  al: ["activitylog_writes_total", "Number of updates of the activity log area of the meta data.", "counter", 1],
  bm: ["bitmap_writes_total", "Number of updates of the bitmap area of the meta data.", "counter", 1],
  lo: ["local_pending", "Number of open requests to the local I/O sub-system.", "gauge", 1],
  pe: ["remote_pending", "Number of requests sent to the peer, but that have not yet been answered by the latter.", "gauge", 1],
  ua: [
    "remote_unacknowledged",
    "Number of requests received by the peer via the network connection, but that have not yet been answered.",
    "gauge",
    1,
  ],
  ap: ["application_pending", "Number of block I/O requests forwarded to DRBD, but not yet answered by DRBD.", "gauge", 1],
  ep: ["epochs", "Number of Epochs currently on the fly.", "gauge", 1],
  oos: ["out_of_sync_bytes", "Amount of data known to be out of sync; in bytes.", "gauge", 1024],
};

const STRING_PAIR_FIELDS: Record<string, [name: string, help: string, ok: string]> = {
  ro: ["node_role_is_primary", "Whether the role of the node is in the primary state.", "Primary"],
  ds: ["disk_state_is_up_to_date", "Whether the disk of the node is up to date.", "UpToDate"],
};

const NUMERICAL = new Map(
  Object.entries(NUMERICAL_FIELDS).map(([key, [name, help, kind, multiplier]]) => [
    key,
    { desc: metricDesc(`node_drbd_${name}`, kind, help, ["device"]), multiplier },
  ]),
);
/** "local/remote" fields: one series per side, 1 when that side is in the wanted state. */
const STRING_PAIR = new Map(
  Object.entries(STRING_PAIR_FIELDS).map(([key, [name, help, ok]]) => [
    key,
    { desc: metricDesc(`node_drbd_${name}`, "gauge", help, ["device", "node"]), ok },
  ]),
);

export const drbdCollector: CollectorDefinition = {
  name: "drbd",
  create: ({ paths, logger }) => ({
    update(out) {
      const fields = readDrbd(paths);
      if (fields === undefined) throw new NoDataError("stats file does not exist, skipping");
      for (const { device, key, value } of fields) {
        const num = NUMERICAL.get(key);
        if (num) {
          const v = parseGoFloat(value);
          if (v === undefined) throw new Error(`${paths.proc("drbd")}: ${key}: invalid number "${value}"`);
          out.add(num.desc, v * num.multiplier, { device });
          continue;
        }
        const pair = STRING_PAIR.get(key);
        if (pair) {
          const [local, remote] = value.split("/");
          if (remote === undefined) throw new Error(`${paths.proc("drbd")}: ${key}: want local/remote, got "${value}"`);
          out.add(pair.desc, local === pair.ok ? 1 : 0, { device, node: "local" });
          out.add(pair.desc, remote === pair.ok ? 1 : 0, { device, node: "remote" });
          continue;
        }
        if (key === "cs") {
          out.add(DRBD_CONNECTED, value === "Connected" ? 1 : 0, { device });
          continue;
        }
        logger.debug("unhandled key-value pair", { key, value });
      }
    },
  }),
};
