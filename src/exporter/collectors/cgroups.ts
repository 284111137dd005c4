// node_exporter's cgroups collector: cgroup count and enabled flag per
// controller (the HELP of both is upstream's, duplicated there).

import type { CollectorDefinition } from "../collector.ts";
import { readCgroupSummaries } from "../host/procfs/cgroups.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const HELP = "Current cgroup number of the subsystem.";

const CGROUPS_CGROUPS = metricDesc("node_cgroups_cgroups", "gauge", HELP, ["subsys_name"]);
const CGROUPS_ENABLED = metricDesc("node_cgroups_enabled", "gauge", HELP, ["subsys_name"]);

export const cgroupsCollector: CollectorDefinition = {
  name: "cgroups",
  create({ paths }) {
    return {
      update(out) {
        for (const c of readCgroupSummaries(paths)) {
          out.add(CGROUPS_CGROUPS, c.cgroups, { subsys_name: c.subsysName });
          out.add(CGROUPS_ENABLED, c.enabled, { subsys_name: c.subsysName });
        }
      },
    };
  },
};
