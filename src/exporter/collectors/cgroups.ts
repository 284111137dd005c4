// node_exporter's cgroups collector: cgroup count and enabled flag per
// controller (the HELP of both is upstream's, duplicated there).

import type { CollectorDefinition } from "../collector.ts";
import { readCgroupSummaries } from "../host/procfs/cgroups.ts";

const HELP = "Current cgroup number of the subsystem.";

export const cgroupsCollector: CollectorDefinition = {
  name: "cgroups",
  create({ paths }) {
    return {
      update(out) {
        for (const c of readCgroupSummaries(paths)) {
          out.gauge("node_cgroups_cgroups", HELP, c.cgroups, { subsys_name: c.subsysName });
          out.gauge("node_cgroups_enabled", HELP, c.enabled, { subsys_name: c.subsysName });
        }
      },
    };
  },
};
