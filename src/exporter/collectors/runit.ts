// node_exporter's runit collector (deprecated upstream, still in 1.8.2):
// the state of each service in the runit service directory.

import { defineCollector } from "../collector.ts";
import { listRunitServices, readRunitService } from "../host/runit-service-status.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { RUNIT_OPTIONS } from "./options/runit.ts";

const SERVICE_STATE = metricDesc("node_service_state", "gauge", "State of runit service.", ["service", "supervisor"]);
const SERVICE_DESIRED_STATE = metricDesc(
  "node_service_desired_state",
  "gauge",
  "Desired state of runit service.",
  ["service", "supervisor"],
);
const SERVICE_STATE_LAST_CHANGE_TIMESTAMP_SECONDS = metricDesc(
  "node_service_state_last_change_timestamp_seconds",
  "gauge",
  "Unix timestamp of the last runit service state change.",
  ["service", "supervisor"],
);
const SERVICE_NORMAL_STATE = metricDesc(
  "node_service_normal_state",
  "gauge",
  "Normal state of runit service.",
  ["service", "supervisor"],
);

export const runitCollector = defineCollector({
  name: "runit",
  options: RUNIT_OPTIONS,
  create({ options, logger }) {
    const serviceDir = options.servicedir;
    logger.warn("This collector is deprecated and will be removed in the next major version release.");
    return {
      update(out) {
        let services: ReturnType<typeof listRunitServices>;
        try {
          services = listRunitServices(serviceDir);
        } catch (err) {
          throw new Error(`runit service directory ${serviceDir}: ${(err as Error).message}`, { cause: err });
        }
        for (const s of services) {
          let st: ReturnType<typeof readRunitService>;
          try {
            st = readRunitService(s);
          } catch (err) {
            logger.debug("Couldn't get status", { service: s.name, err });
            continue;
          }
          const labels = { service: s.name, supervisor: "runit" };
          out.add(SERVICE_STATE, st.state, labels);
          out.add(SERVICE_DESIRED_STATE, st.want, labels);
          out.add(SERVICE_STATE_LAST_CHANGE_TIMESTAMP_SECONDS, st.timestamp, labels);
          out.add(SERVICE_NORMAL_STATE, st.normallyUp ? 1 : 0, labels);
        }
      },
    };
  },
});
