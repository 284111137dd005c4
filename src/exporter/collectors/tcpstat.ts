// node_exporter's tcpstat collector: TCP sockets per state and the bytes in
// their queues, from sock_diag over netlink (IPv6 too when /proc/net/tcp6 exists).

import type { CollectorDefinition } from "../collector.ts";
import { exists } from "../host/host-fs.ts";
import { AF_INET, AF_INET6, type TcpSocket, listTcpSockets } from "../kernel/netlink/inet-diag.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const TCP_CONNECTION_STATES = metricDesc(
  "node_tcp_connection_states",
  "gauge",
  "Number of connection states.",
  ["state"],
);

const RX_QUEUED_BYTES = 12;
const TX_QUEUED_BYTES = 13;

// Upstream keys queue sums and states in one enum, so kernel states 12 and 13
// would land in the queue series; kept as is.
const STATE_NAMES: Record<number, string> = {
  1: "established",
  2: "syn_sent",
  3: "syn_recv",
  4: "fin_wait1",
  5: "fin_wait2",
  6: "time_wait",
  7: "close",
  8: "close_wait",
  9: "last_ack",
  10: "listen",
  11: "closing",
  [RX_QUEUED_BYTES]: "rx_queued_bytes",
  [TX_QUEUED_BYTES]: "tx_queued_bytes",
};

export function tcpStats(sockets: TcpSocket[], into = new Map<number, number>()): Map<number, number> {
  const add = (k: number, v: number) => into.set(k, (into.get(k) ?? 0) + v);
  for (const s of sockets) {
    add(TX_QUEUED_BYTES, s.wqueue);
    add(RX_QUEUED_BYTES, s.rqueue);
    add(s.state, 1);
  }
  return into;
}

export const stateName = (state: number) => STATE_NAMES[state] ?? "unknown";

export const tcpstatCollector: CollectorDefinition = {
  name: "tcpstat",
  create({ paths }) {
    return {
      update(out) {
        let stats: Map<number, number>;
        try {
          stats = tcpStats(listTcpSockets(AF_INET));
        } catch (err) {
          throw new Error(`couldn't get tcpstats: ${(err as Error).message}`, { cause: err });
        }
        if (exists(paths.proc("net", "tcp6"))) {
          try {
            tcpStats(listTcpSockets(AF_INET6), stats);
          } catch (err) {
            throw new Error(`couldn't get tcp6stats: ${(err as Error).message}`, { cause: err });
          }
        }
        // Several unknown kernel states share the "unknown" series, as in upstream's map keyed by state.
        const byName = new Map<string, number>();
        for (const [state, v] of stats) byName.set(stateName(state), (byName.get(stateName(state)) ?? 0) + v);
        for (const [state, v] of byName) out.add(TCP_CONNECTION_STATES, v, { state });
      },
    };
  },
};
