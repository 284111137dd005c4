// node_exporter's infiniband collector: /sys/class/infiniband port state,
// rate and counters.

import { NoDataError, defineCollector } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { type InfiniBandDevice, readInfiniBandClass } from "../host/sysfs/infiniband.ts";
import { hasErrnoInChain } from "../host/host-fs.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { INFINIBAND_OPTIONS } from "./options/infiniband.ts";

const INFINIBAND_STATE_ID = metricDesc(
  "node_infiniband_state_id",
  "gauge",
  "State of the InfiniBand port (0: no change, 1: down, 2: init, 3: armed, 4: active, 5: act defer)",
  ["device", "port"],
);
const INFINIBAND_PHYSICAL_STATE_ID = metricDesc(
  "node_infiniband_physical_state_id",
  "gauge",
  "Physical state of the InfiniBand port (0: no change, 1: sleep, 2: polling, 3: disable, 4: shift, 5: link up, 6: link error recover, 7: phytest)",
  ["device", "port"],
);
const INFINIBAND_RATE_BYTES_PER_SECOND = metricDesc(
  "node_infiniband_rate_bytes_per_second",
  "gauge",
  "Maximum signal transfer rate",
  ["device", "port"],
);

const INFINIBAND_INFO = metricDesc(
  "node_infiniband_info",
  "gauge",
  "Non-numeric data from /sys/class/infiniband/<device>, value is always 1.",
  ["device", "board_id", "firmware_version", "hca_type"],
);

/** Metric name suffix, counter file (counters_ext/ for the legacy 64-bit ones), HELP. */
export const INFINIBAND_COUNTERS: [string, string, string][] = [
  ["legacy_multicast_packets_received_total", "counters_ext/port_multicast_rcv_packets", "Number of multicast packets received"],
  ["legacy_multicast_packets_transmitted_total", "counters_ext/port_multicast_xmit_packets", "Number of multicast packets transmitted"],
  ["legacy_data_received_bytes_total", "counters_ext/port_rcv_data_64", "Number of data octets received on all links"],
  ["legacy_packets_received_total", "counters_ext/port_rcv_packets_64", "Number of data packets received on all links"],
  ["legacy_unicast_packets_received_total", "counters_ext/port_unicast_rcv_packets", "Number of unicast packets received"],
  ["legacy_unicast_packets_transmitted_total", "counters_ext/port_unicast_xmit_packets", "Number of unicast packets transmitted"],
  ["legacy_data_transmitted_bytes_total", "counters_ext/port_xmit_data_64", "Number of data octets transmitted on all links"],
  ["legacy_packets_transmitted_total", "counters_ext/port_xmit_packets_64", "Number of data packets received on all links"],
  ["excessive_buffer_overrun_errors_total", "excessive_buffer_overrun_errors", "Number of times that OverrunErrors consecutive flow control update periods occurred, each having at least one overrun error."],
  ["link_downed_total", "link_downed", "Number of times the link failed to recover from an error state and went down"],
  ["link_error_recovery_total", "link_error_recovery", "Number of times the link successfully recovered from an error state"],
  ["local_link_integrity_errors_total", "local_link_integrity_errors", "Number of times that the count of local physical errors exceeded the threshold specified by LocalPhyErrors."],
  ["multicast_packets_received_total", "multicast_rcv_packets", "Number of multicast packets received (including errors)"],
  ["multicast_packets_transmitted_total", "multicast_xmit_packets", "Number of multicast packets transmitted (including errors)"],
  ["port_constraint_errors_received_total", "port_rcv_constraint_errors", "Number of packets received on the switch physical port that are discarded"],
  ["port_constraint_errors_transmitted_total", "port_xmit_constraint_errors", "Number of packets not transmitted from the switch physical port"],
  ["port_data_received_bytes_total", "port_rcv_data", "Number of data octets received on all links"],
  ["port_data_transmitted_bytes_total", "port_xmit_data", "Number of data octets transmitted on all links"],
  ["port_discards_received_total", "port_rcv_discards", "Number of inbound packets discarded by the port because the port is down or congested"],
  ["port_discards_transmitted_total", "port_xmit_discards", "Number of outbound packets discarded by the port because the port is down or congested"],
  ["port_errors_received_total", "port_rcv_errors", "Number of packets containing an error that were received on this port"],
  ["port_packets_received_total", "port_rcv_packets", "Number of packets received on all VLs by this port (including errors)"],
  ["port_packets_transmitted_total", "port_xmit_packets", "Number of packets transmitted on all VLs from this port (including errors)"],
  ["port_transmit_wait_total", "port_xmit_wait", "Number of ticks during which the port had data to transmit but no data was sent during the entire tick"],
  ["unicast_packets_received_total", "unicast_rcv_packets", "Number of unicast packets received (including errors)"],
  ["unicast_packets_transmitted_total", "unicast_xmit_packets", "Number of unicast packets transmitted (including errors)"],
  ["port_receive_remote_physical_errors_total", "port_rcv_remote_physical_errors", "Number of packets marked with the EBP (End of Bad Packet) delimiter received on the port."],
  ["port_receive_switch_relay_errors_total", "port_rcv_switch_relay_errors", "Number of packets that could not be forwarded by the switch."],
  ["symbol_error_total", "symbol_error", "Number of minor link errors detected on one or more physical lanes."],
  ["vl15_dropped_total", "VL15_dropped", "Number of incoming VL15 packets dropped due to resource limitations."],
];

// hw_counters of mlx5 and irdma ports, node_exporter 1.11 (#2827): file, metric, HELP.
const MLX = " The counters was added in MLNX_OFED 4.1";
const ADP = " The counter was added in MLNX_OFED rev 5.0-1.0.0.0 and kernel v5.6.0";
const HW_COUNTERS: [file: string, metric: string, help: string][] = [
  ["duplicate_request", "duplicate_requests_packets_total", "The number of received packets. A duplicate request is a request that had been previously executed."],
  ["implied_nak_seq_err", "implied_nak_seq_errors_total", "The number of time the requested decided an ACK. with a PSN larger than the expected PSN for an RDMA read or response."],
  ["local_ack_timeout_err", "local_ack_timeout_errors_total", "The number of times QP's ack timer expired for RC, XRC, DCT QPs at the sender side. The QP retry limit was not exceed, therefore it is still recoverable error."],
  ["np_cnp_sent", "np_cnp_packets_sent_total", `The number of CNP packets sent by the Notification Point when it noticed congestion experienced in the RoCEv2 IP header (ECN bits).${MLX}`],
  ["np_ecn_marked_roce_packets", "np_ecn_marked_roce_packets_received_total", `The number of RoCEv2 packets received by the notification point which were marked for experiencing the congestion (ECN bits where '11' on the ingress RoCE traffic) .${MLX}`],
  ["out_of_buffer", "out_of_buffer_drops_total", "The number of drops occurred due to lack of WQE for the associated QPs."],
  ["out_of_sequence", "out_of_sequence_packets_received_total", "The number of out of sequence packets received."],
  ["packet_seq_err", "packet_sequence_errors_total", "The number of received NAK sequence error packets. The QP retry limit was not exceeded."],
  ["req_cqe_error", "req_cqes_errors_total", `The number of times requester detected CQEs completed with errors.${MLX}`],
  ["req_cqe_flush_error", "req_cqes_flush_errors_total", `The number of times requester detected CQEs completed with flushed errors.${MLX}`],
  ["req_remote_access_errors", "req_remote_access_errors_total", `The number of times requester detected remote access errors.${MLX}`],
  ["req_remote_invalid_request", "req_remote_invalid_request_errors_total", `The number of times requester detected remote invalid request errors.${MLX}`],
  ["resp_cqe_error", "resp_cqes_errors_total", `The number of times responder detected CQEs completed with errors.${MLX}`],
  ["resp_cqe_flush_error", "resp_cqes_flush_errors_total", `The number of times responder detected CQEs completed with flushed errors.${MLX}`],
  ["resp_local_length_error", "resp_local_length_errors_total", `The number of times responder detected local length errors.${MLX}`],
  ["resp_remote_access_errors", "resp_remote_access_errors_total", `The number of times responder detected remote access errors.${MLX}`],
  ["rnr_nak_retry_err", "rnr_nak_retry_packets_received_total", "The number of received RNR NAK packets. The QP retry limit was not exceeded."],
  ["roce_adp_retrans", "roce_adp_retransmits_total", `The number of adaptive retransmissions for RoCE traffic.${ADP}`],
  ["roce_adp_retrans_to", "roce_adp_retransmits_timeout_total", `The number of times RoCE traffic reached timeout due to adaptive retransmission.${ADP}`],
  ["roce_slow_restart", "roce_slow_restart_used_total", `The number of times RoCE slow restart was used.${ADP}`],
  ["roce_slow_restart_cnps", "roce_slow_restart_cnps_total", `The number of times RoCE slow restart generated CNP packets.${ADP}`],
  ["roce_slow_restart_trans", "roce_slow_restart_total", `The number of times RoCE slow restart changed state to slow restart.${ADP}`],
  ["rp_cnp_handled", "rp_cnp_packets_handled_total", `The number of CNP packets handled by the Reaction Point HCA to throttle the transmission rate.${MLX}`],
  ["rp_cnp_ignored", "rp_cnp_ignored_packets_received_total", "The number of CNP packets received and ignored by the Reaction Point HCA. This counter should not raise if RoCE Congestion Control was enabled in the network. If this counter raise, verify that ECN was enabled on the adapter."],
  ["rx_atomic_requests", "rx_atomic_requests_total", "The number of received ATOMIC request for the associated QPs."],
  ["rx_dct_connect", "rx_dct_connect_requests_total", "The number of received connection requests for the associated DCTs."],
  ["rx_read_requests", "rx_read_requests_total", "The number of received READ requests for the associated QPs."],
  ["rx_write_requests", "rx_write_requests_total", "The number of received WRITE requests for the associated QPs."],
  ["rx_icrc_encapsulated", "rx_icrc_encapsulated_errors_total", "The number of RoCE packets with ICRC errors. This counter was added in MLNX_OFED 4.4 and kernel 4.19"],
];
const INFINIBAND_LIFESPAN_SECONDS = metricDesc(
  "node_infiniband_lifespan_seconds",
  "gauge",
  "The maximum period in ms which defines the aging of the counter reads. Two consecutive reads within this period might return the same values.",
  ["device", "port"],
);

const counterDesc = (metric: string, help: string) => metricDesc(`node_infiniband_${metric}`, "counter", help, ["device", "port"]);
const COUNTER_DESCS = INFINIBAND_COUNTERS.map(([metric, file, help]) => [file, counterDesc(metric, help)] as const);
const HW_COUNTER_DESCS = HW_COUNTERS.map(([file, metric, help]) => [file, counterDesc(metric, help)] as const);

// node_exporter 1.12 (#3694).
export const infinibandCollector = defineCollector({
  name: "infiniband",
  options: INFINIBAND_OPTIONS,
  create({ paths, options, logger }) {
    const filter = new DeviceFilter(options.deviceExclude, options.deviceInclude, "--collector.infiniband.device");
    return {
      update(out) {
        let devices: InfiniBandDevice[];
        try {
          devices = readInfiniBandClass(paths);
        } catch (err) {
          if (hasErrnoInChain(err, "ENOENT")) {
            logger.debug("infiniband statistics not found, skipping");
            throw new NoDataError();
          }
          throw new Error(`error obtaining InfiniBand class info: ${(err as Error).message}`, { cause: err });
        }
        for (const d of devices) {
          if (filter.ignored(d.name)) {
            logger.debug("Ignoring device", { device: d.name });
            continue;
          }
          out.add(INFINIBAND_INFO, 1, {
            device: d.name,
            board_id: d.boardId,
            firmware_version: d.firmwareVersion,
            hca_type: d.hcaType,
          });
          for (const p of d.ports) {
            const labels = { device: p.device, port: String(p.port) };
            out.add(INFINIBAND_STATE_ID, p.stateId, labels);
            out.add(INFINIBAND_PHYSICAL_STATE_ID, p.physStateId, labels);
            out.add(INFINIBAND_RATE_BYTES_PER_SECOND, p.rate, labels);
            for (const [file, desc] of COUNTER_DESCS) {
              const v = p.counters.get(file);
              if (v !== undefined) out.add(desc, v, labels);
            }
            const lifespan = p.hwCounters.get("lifespan");
            // Milliseconds, divided as integers upstream.
            if (lifespan !== undefined) out.add(INFINIBAND_LIFESPAN_SECONDS, Math.floor(lifespan / 1000), labels);
            for (const [file, desc] of HW_COUNTER_DESCS) {
              const v = p.hwCounters.get(file);
              if (v !== undefined) out.add(desc, v, labels);
            }
          }
        }
      },
    };
  },
});
