// node_exporter's selinux collector: whether SELinux is on and its
// configured and current enforcement modes (1 enforcing, 0 permissive, -1 disabled).

import type { CollectorDefinition } from "../collector.ts";
import { findSelinuxfs, readSelinuxStatus } from "../host/sysfs/selinux.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const SELINUX_ENABLED = metricDesc("node_selinux_enabled", "gauge", "SELinux is enabled, 1 is true, 0 is false");
const SELINUX_CONFIG_MODE = metricDesc("node_selinux_config_mode", "gauge", "Configured SELinux enforcement mode");
const SELINUX_CURRENT_MODE = metricDesc("node_selinux_current_mode", "gauge", "Current SELinux enforcement mode");

export const selinuxCollector: CollectorDefinition = {
  name: "selinux",
  create({ paths }) {
    // go-selinux looks for selinuxfs once per process.
    let selinuxfs: string | undefined;
    return {
      update(out) {
        selinuxfs ??= findSelinuxfs(paths);
        const s = readSelinuxStatus(paths, selinuxfs);
        if (!s.enabled) {
          out.add(SELINUX_ENABLED, 0);
          return;
        }
        out.add(SELINUX_ENABLED, 1);
        out.add(SELINUX_CONFIG_MODE, s.configMode);
        out.add(SELINUX_CURRENT_MODE, s.currentMode);
      },
    };
  },
};
