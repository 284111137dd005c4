// node_exporter's selinux collector: whether SELinux is on and its
// configured and current enforcement modes (1 enforcing, 0 permissive, -1 disabled).

import type { CollectorDefinition } from "../collector.ts";
import { findSelinuxfs, readSelinuxStatus } from "../host/sysfs/selinux.ts";

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
          out.gauge("node_selinux_enabled", "SELinux is enabled, 1 is true, 0 is false", 0);
          return;
        }
        out.gauge("node_selinux_enabled", "SELinux is enabled, 1 is true, 0 is false", 1);
        out.gauge("node_selinux_config_mode", "Configured SELinux enforcement mode", s.configMode);
        out.gauge("node_selinux_current_mode", "Current SELinux enforcement mode", s.currentMode);
      },
    };
  },
};
