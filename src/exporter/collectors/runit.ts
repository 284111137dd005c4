// node_exporter's runit collector (deprecated upstream, still in 1.8.2):
// the state of each service in the runit service directory.

import type { CollectorDefinition } from "../collector.ts";
import { listRunitServices, readRunitService } from "../host/runit-service-status.ts";

export const runitCollector: CollectorDefinition = {
  name: "runit",
  flags: [{ name: "collector.runit.servicedir", kind: "string", default: "/etc/service", help: "Path to runit service directory." }],
  create({ flags, logger }) {
    const serviceDir = flags.string("collector.runit.servicedir");
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
          out.gauge("node_service_state", "State of runit service.", st.state, labels);
          out.gauge("node_service_desired_state", "Desired state of runit service.", st.want, labels);
          out.gauge(
            "node_service_state_last_change_timestamp_seconds",
            "Unix timestamp of the last runit service state change.",
            st.timestamp,
            labels,
          );
          out.gauge("node_service_normal_state", "Normal state of runit service.", st.normallyUp ? 1 : 0, labels);
        }
      },
    };
  },
};
