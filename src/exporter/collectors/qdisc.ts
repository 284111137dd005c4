// node_exporter's qdisc collector: statistics of each interface's root
// queueing discipline, over rtnetlink, or from the JSON file
// --collector.qdisc.fixtures names (upstream's end-to-end test mode).

import { readText } from "../host/host-fs.ts";
import { join } from "node:path";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { defineCollector } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { decodeGoStructArray } from "../../go/json.ts";
import { type QdiscInfo, listQdiscs } from "../kernel/netlink/rtnetlink-qdiscs.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { QDISC_OPTIONS } from "./options/qdisc.ts";

const QDISC_BYTES_TOTAL = metricDesc("node_qdisc_bytes_total", "counter", "Number of bytes sent.", ["device", "kind"]);
const QDISC_PACKETS_TOTAL = metricDesc(
  "node_qdisc_packets_total",
  "counter",
  "Number of packets sent.",
  ["device", "kind"],
);
const QDISC_DROPS_TOTAL = metricDesc(
  "node_qdisc_drops_total",
  "counter",
  "Number of packets dropped.",
  ["device", "kind"],
);
const QDISC_REQUEUES_TOTAL = metricDesc(
  "node_qdisc_requeues_total",
  "counter",
  "Number of packets dequeued, not transmitted, and requeued.",
  ["device", "kind"],
);
const QDISC_OVERLIMITS_TOTAL = metricDesc(
  "node_qdisc_overlimits_total",
  "counter",
  "Number of overlimit packets.",
  ["device", "kind"],
);
const QDISC_CURRENT_QUEUE_LENGTH = metricDesc(
  "node_qdisc_current_queue_length",
  "gauge",
  "Number of packets currently in queue to be sent.",
  ["device", "kind"],
);
const QDISC_BACKLOG = metricDesc(
  "node_qdisc_backlog",
  "gauge",
  "Number of bytes currently in queue to be sent.",
  ["device", "kind"],
);

const QDISC_INFO_FIELDS = {
  IfaceName: "string",
  Parent: "uint32",
  Handle: "uint32",
  Kind: "string",
  Bytes: "uint64",
  Packets: "uint32",
  Drops: "uint32",
  Requeues: "uint32",
  Overlimits: "uint32",
  GcFlows: "uint64",
  Throttled: "uint64",
  FlowsPlimit: "uint64",
  Qlen: "uint32",
  Backlog: "uint32",
} as const;

/** results.json of a fixtures directory: a JSON array of ema/qdisc QdiscInfo. */
export function parseQdiscFixture(text: string): QdiscInfo[] {
  return decodeGoStructArray(text, QDISC_INFO_FIELDS, "qdisc.QdiscInfo").map((q) => ({
    ifaceName: q.IfaceName,
    parent: q.Parent,
    handle: q.Handle,
    kind: q.Kind,
    bytes: q.Bytes,
    packets: q.Packets,
    drops: q.Drops,
    requeues: q.Requeues,
    overlimits: q.Overlimits,
    qlen: q.Qlen,
    backlog: q.Backlog,
  }));
}

export function emitQdiscs(out: FamilyBuilder, qdiscs: QdiscInfo[], filter: DeviceFilter): void {
  for (const q of qdiscs) {
    // Only root qdiscs.
    if (q.parent !== 0 || filter.ignored(q.ifaceName)) continue;
    const labels = { device: q.ifaceName, kind: q.kind };
    out.add(QDISC_BYTES_TOTAL, q.bytes, labels);
    out.add(QDISC_PACKETS_TOTAL, q.packets, labels);
    out.add(QDISC_DROPS_TOTAL, q.drops, labels);
    out.add(QDISC_REQUEUES_TOTAL, q.requeues, labels);
    out.add(QDISC_OVERLIMITS_TOTAL, q.overlimits, labels);
    out.add(QDISC_CURRENT_QUEUE_LENGTH, q.qlen, labels);
    out.add(QDISC_BACKLOG, q.backlog, labels);
  }
}

/** Resolves the deprecated qdisk spellings as upstream does. */
export function qdiscPatterns(
  include: string,
  exclude: string,
  oldInclude: string,
  oldExclude: string,
  warn: (msg: string) => void,
): { include: string; exclude: string } {
  if (oldInclude !== "") {
    if (include !== "") throw new Error("--collector.qdisk.device-include and --collector.qdisc.device-include are mutually exclusive");
    warn("--collector.qdisk.device-include is DEPRECATED and will be removed in 2.0.0, use --collector.qdisc.device-include");
    include = oldInclude;
  }
  if (oldExclude !== "") {
    if (exclude !== "") throw new Error("--collector.qdisk.device-exclude and --collector.qdisc.device-exclude are mutually exclusive");
    warn("--collector.qdisk.device-exclude is DEPRECATED and will be removed in 2.0.0, use --collector.qdisc.device-exclude");
    exclude = oldExclude;
  }
  if (include !== "" && exclude !== "") {
    throw new Error("collector.qdisc.device-include and collector.qdisc.device-exclude are mutaly exclusive");
  }
  return { include, exclude };
}

export const qdiscCollector = defineCollector({
  name: "qdisc",
  options: QDISC_OPTIONS,
  create({ options, logger }) {
    const { include, exclude } = qdiscPatterns(
      options.deviceInclude,
      options.deviceExclude,
      options.qdiskDeviceInclude,
      options.qdiskDeviceExclude,
      (msg) => logger.warn(msg),
    );
    const filter = new DeviceFilter(exclude, include, "--collector.qdisc.device");
    const fixtures = options.fixtures;
    return {
      update(out) {
        let qdiscs: QdiscInfo[];
        if (fixtures !== "") {
          const file = join(fixtures, "results.json");
          try {
            qdiscs = parseQdiscFixture(readText(file, "utf8"));
          } catch (err) {
            throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
          }
        } else {
          try {
            qdiscs = listQdiscs();
          } catch (err) {
            throw new Error(`qdisc: rtnetlink RTM_GETQDISC failed: ${(err as Error).message}`, { cause: err });
          }
        }
        emitQdiscs(out, qdiscs, filter);
      },
    };
  },
});
