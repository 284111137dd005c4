// The systemd collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const SYSTEMD_OPTIONS = defineFlags({
  include: {
    name: "collector.systemd.unit-include",
    kind: "string",
    default: ".+",
    help: "Regexp of systemd units to include. Units must both match include and not match exclude to be included.",
  },
  whitelist: { name: "collector.systemd.unit-whitelist", kind: "string", default: "", hidden: true, help: "DEPRECATED: Use --collector.systemd.unit-include" },
  exclude: {
    name: "collector.systemd.unit-exclude",
    kind: "string",
    default: ".+\\.(automount|device|mount|scope|slice)",
    help: "Regexp of systemd units to exclude. Units must both match include and not match exclude to be included.",
  },
  blacklist: { name: "collector.systemd.unit-blacklist", kind: "string", default: "", hidden: true, help: "DEPRECATED: Use collector.systemd.unit-exclude" },
  private: {
    name: "collector.systemd.private",
    kind: "bool",
    hidden: true,
    help: "Establish a private, direct connection to systemd without dbus (Strongly discouraged since it requires root. For testing purposes only).",
  },
  tasks: { name: "collector.systemd.enable-task-metrics", kind: "bool", help: "Enables service unit tasks metrics unit_tasks_current and unit_tasks_max" },
  restarts: { name: "collector.systemd.enable-restarts-metrics", kind: "bool", help: "Enables service unit metric service_restart_total" },
  startTime: { name: "collector.systemd.enable-start-time-metrics", kind: "bool", help: "Enables service unit metric unit_start_time_seconds" },
});
