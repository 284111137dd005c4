// node_exporter's xfrm collector: IPsec transformation error counters.

import type { CollectorDefinition } from "../collector.ts";
import { readXfrmStat } from "../host/procfs/net-xfrm.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

// Kernel counter, metric name, HELP (upstream's wording, kept verbatim).
const XFRM: [string, string, string][] = [
  ["XfrmInError", "in_error_packets_total", "All errors not matched by other"],
  ["XfrmInBufferError", "in_buffer_error_packets_total", "No buffer is left"],
  ["XfrmInHdrError", "in_hdr_error_packets_total", "Header error"],
  ["XfrmInNoStates", "in_no_states_packets_total", "No state is found i.e. Either inbound SPI, address, or IPsec protocol at SA is wrong"],
  ["XfrmInStateProtoError", "in_state_proto_error_packets_total", "Transformation protocol specific error e.g. SA key is wrong"],
  ["XfrmInStateModeError", "in_state_mode_error_packets_total", "Transformation mode specific error"],
  ["XfrmInStateSeqError", "in_state_seq_error_packets_total", "Sequence error i.e. Sequence number is out of window"],
  ["XfrmInStateExpired", "in_state_expired_packets_total", "State is expired"],
  ["XfrmInStateMismatch", "in_state_mismatch_packets_total", "State has mismatch option e.g. UDP encapsulation type is mismatch"],
  ["XfrmInStateInvalid", "in_state_invalid_packets_total", "State is invalid"],
  ["XfrmInTmplMismatch", "in_tmpl_mismatch_packets_total", "No matching template for states e.g. Inbound SAs are correct but SP rule is wrong"],
  ["XfrmInNoPols", "in_no_pols_packets_total", "No policy is found for states e.g. Inbound SAs are correct but no SP is found"],
  ["XfrmInPolBlock", "in_pol_block_packets_total", "Policy discards"],
  ["XfrmInPolError", "in_pol_error_packets_total", "Policy error"],
  ["XfrmOutError", "out_error_packets_total", "All errors which is not matched others"],
  ["XfrmOutBundleGenError", "out_bundle_gen_error_packets_total", "Bundle generation error"],
  ["XfrmOutBundleCheckError", "out_bundle_check_error_packets_total", "Bundle check error"],
  ["XfrmOutNoStates", "out_no_states_packets_total", "No state is found"],
  ["XfrmOutStateProtoError", "out_state_proto_error_packets_total", "Transformation protocol specific error"],
  ["XfrmOutStateModeError", "out_state_mode_error_packets_total", "Transformation mode specific error"],
  ["XfrmOutStateSeqError", "out_state_seq_error_packets_total", "Sequence error i.e. Sequence number overflow"],
  ["XfrmOutStateExpired", "out_state_expired_packets_total", "State is expired"],
  ["XfrmOutPolBlock", "out_pol_block_packets_total", "Policy discards"],
  ["XfrmOutPolDead", "out_pol_dead_packets_total", "Policy is dead"],
  ["XfrmOutPolError", "out_pol_error_packets_total", "Policy error"],
  ["XfrmFwdHdrError", "fwd_hdr_error_packets_total", "Forward routing of a packet is not allowed"],
  ["XfrmOutStateInvalid", "out_state_invalid_packets_total", "State is invalid, perhaps expired"],
  ["XfrmAcquireError", "acquire_error_packets_total", "State hasn’t been fully acquired before use"],
];
const XFRM_DESCS = XFRM.map(([key, name, help]) => [key, metricDesc(`node_xfrm_${name}`, "counter", help)] as const);

export const xfrmCollector: CollectorDefinition = {
  name: "xfrm",
  create({ paths }) {
    return {
      update(out) {
        const stat = readXfrmStat(paths);
        // Counters this kernel does not have read 0, as in procfs's struct.
        for (const [key, desc] of XFRM_DESCS) out.add(desc, stat.get(key) ?? 0);
      },
    };
  },
};
