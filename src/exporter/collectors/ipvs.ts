// node_exporter's ipvs collector: IPVS totals, and per backend (summed over
// the label set chosen with --collector.ipvs.backend-labels) its connections
// and weight.

import { defineCollector } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { type IpvsBackend, readIpvsBackends, readIpvsStats } from "../host/procfs/ipvs.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { IPVS_OPTIONS, FULL_IPVS_BACKEND_LABELS } from "./options/ipvs.ts";

const IPVS_CONNECTIONS_TOTAL = metricDesc(
  "node_ipvs_connections_total",
  "counter",
  "The total number of connections made.",
);
const IPVS_INCOMING_PACKETS_TOTAL = metricDesc(
  "node_ipvs_incoming_packets_total",
  "counter",
  "The total number of incoming packets.",
);
const IPVS_OUTGOING_PACKETS_TOTAL = metricDesc(
  "node_ipvs_outgoing_packets_total",
  "counter",
  "The total number of outgoing packets.",
);
const IPVS_INCOMING_BYTES_TOTAL = metricDesc(
  "node_ipvs_incoming_bytes_total",
  "counter",
  "The total amount of incoming data.",
);
const IPVS_OUTGOING_BYTES_TOTAL = metricDesc(
  "node_ipvs_outgoing_bytes_total",
  "counter",
  "The total amount of outgoing data.",
);

type BackendLabel = (typeof FULL_IPVS_BACKEND_LABELS)[number];

/** The requested labels in canonical order; unknown ones are an error naming them sorted. */
export function parseIpvsLabels(flag: string): BackendLabel[] {
  const requested = new Set(flag.split(",").filter((l) => l !== ""));
  const out: BackendLabel[] = [];
  for (const l of FULL_IPVS_BACKEND_LABELS) {
    if (requested.has(l)) out.push(l);
    requested.delete(l);
  }
  if (requested.size > 0) throw new Error(`unknown IPVS backend labels: "${[...requested].sort().join(", ")}"`);
  return out;
}

function labelValue(b: IpvsBackend, l: BackendLabel): string {
  switch (l) {
    case "local_address":
      return b.localAddress;
    case "local_port":
      return String(b.localPort);
    case "remote_address":
      return b.remoteAddress;
    case "remote_port":
      return String(b.remotePort);
    case "proto":
      return b.proto;
    case "local_mark":
      return b.localMark;
  }
}

export interface BackendSum {
  labels: Record<string, string>;
  activeConn: number;
  inactConn: number;
  weight: number;
}

/** Backends that share the chosen label values are summed, as upstream keys them by the joined values. */
export function sumBackends(backends: IpvsBackend[], labels: BackendLabel[]): BackendSum[] {
  const sums = new Map<string, BackendSum>();
  for (const b of backends) {
    const values = labels.map((l) => labelValue(b, l));
    const key = values.join("-");
    let s = sums.get(key);
    if (!s) {
      s = { labels: {}, activeConn: 0, inactConn: 0, weight: 0 };
      sums.set(key, s);
    }
    labels.forEach((l, i) => {
      s.labels[l] = values[i];
    });
    s.activeConn += b.activeConn;
    s.inactConn += b.inactConn;
    s.weight += b.weight;
  }
  return [...sums.values()];
}

export const ipvsCollector = defineCollector({
  name: "ipvs",
  options: IPVS_OPTIONS,
  create({ paths, options, logger }) {
    const labels = parseIpvsLabels(options.backendLabels);
    // The backend label set is the operator's choice (--collector.ipvs.backend-labels), fixed at start.
    const backendGauge = (name: string, help: string) => metricDesc(name, "gauge", help, labels);
    const active = backendGauge("node_ipvs_backend_connections_active", "The current active connections by local and remote address.");
    const inactive = backendGauge("node_ipvs_backend_connections_inactive", "The current inactive connections by local and remote address.");
    const weight = backendGauge("node_ipvs_backend_weight", "The current backend weight by local and remote address.");
    return {
      update(out) {
        let stats;
        try {
          stats = readIpvsStats(paths);
        } catch (err) {
          if (isNotFound(err)) {
            logger.debug("ipvs collector metrics are not available for this system");
            throw new NoDataError("ipvs collector metrics are not available for this system");
          }
          throw new Error(`could not get IPVS stats: ${(err as Error).message}`, { cause: err });
        }
        out.add(IPVS_CONNECTIONS_TOTAL, stats.connections);
        out.add(IPVS_INCOMING_PACKETS_TOTAL, stats.incomingPackets);
        out.add(IPVS_OUTGOING_PACKETS_TOTAL, stats.outgoingPackets);
        out.add(IPVS_INCOMING_BYTES_TOTAL, stats.incomingBytes);
        out.add(IPVS_OUTGOING_BYTES_TOTAL, stats.outgoingBytes);
        let backends;
        try {
          backends = readIpvsBackends(paths);
        } catch (err) {
          throw new Error(`could not get backend status: ${(err as Error).message}`, { cause: err });
        }
        for (const s of sumBackends(backends, labels)) {
          out.add(active, s.activeConn, s.labels);
          out.add(inactive, s.inactConn, s.labels);
          out.add(weight, s.weight, s.labels);
        }
      },
    };
  },
});
