// The exporter's flag table: node_exporter 1.8.2's own flags, then an
// enable flag and the option flags of every registered collector.

import { LOG_FLAGS, webFlags } from "../flags/common-flags.ts";
import { FlagError, type FlagSpec, type FlagValues } from "../flags/flag-table.ts";
import { DEFAULT_PATHS } from "./paths.ts";
import type { RegisteredCollector } from "./collector-list.ts";

export const EXPORTER_FLAGS: FlagSpec[] = [
  ...webFlags(9100),
  { name: "web.telemetry-path", kind: "string", default: "/metrics", help: "Path under which to expose metrics." },
  {
    name: "web.disable-exporter-metrics",
    kind: "bool",
    help: "Exclude metrics about the exporter itself (promhttp_*, process_*, go_*).",
  },
  {
    name: "web.max-requests",
    kind: "int",
    default: "40",
    help: "Maximum number of parallel scrape requests. Use 0 to disable.",
  },
  { name: "collector.disable-defaults", kind: "bool", help: "Set all collectors to disabled by default." },
  {
    name: "runtime.gomaxprocs",
    kind: "int",
    default: "1",
    help: "The target number of CPUs Go will run on (GOMAXPROCS). Accepted for compatibility; mon ignores it.",
  },
  { name: "path.procfs", kind: "string", default: DEFAULT_PATHS.procfs, help: "procfs mountpoint." },
  { name: "path.sysfs", kind: "string", default: DEFAULT_PATHS.sysfs, help: "sysfs mountpoint." },
  { name: "path.rootfs", kind: "string", default: DEFAULT_PATHS.rootfs, help: "rootfs mountpoint." },
  { name: "path.udev.data", kind: "string", default: DEFAULT_PATHS.udevData, help: "udev data path." },
  ...LOG_FLAGS,
];

/**
 * Collectors node_exporter 1.8.2 has that mon leaves out on purpose. Their
 * flags still parse (hidden, as strings so any value is accepted), so that
 * using one stops the exporter with the reason instead of "unknown flag".
 */
const REMOVED_COLLECTORS: { name: string; options: string[]; boolOptions: string[]; reason: string }[] = [
  {
    name: "ntp",
    options: ["server", "server-port", "protocol-version", "ip-ttl", "max-distance", "local-offset-tolerance"],
    boolOptions: ["server-is-local"],
    reason: "the ntp collector is deprecated upstream and not part of mon; use the timex collector (node_timex_*) instead",
  },
];

function removedCollectorFlags(): FlagSpec[] {
  return REMOVED_COLLECTORS.flatMap((c) => [
    { name: `collector.${c.name}`, kind: "bool" as const, hidden: true, help: c.reason },
    ...c.options.map((o) => ({ name: `collector.${c.name}.${o}`, kind: "string" as const, hidden: true, help: c.reason })),
    ...c.boolOptions.map((o) => ({ name: `collector.${c.name}.${o}`, kind: "bool" as const, hidden: true, help: c.reason })),
  ]);
}

/** Throws when the command line enables a removed collector or sets one of its options; --no-collector.ntp is fine. */
export function rejectRemovedCollectors(flags: FlagValues): void {
  for (const c of REMOVED_COLLECTORS) {
    const enable = `collector.${c.name}`;
    const used = (flags.explicit.has(enable) && flags.bool(enable)) || [...c.options, ...c.boolOptions].some((o) => flags.explicit.has(`${enable}.${o}`));
    if (used) throw new FlagError(c.reason);
  }
}

/** The full table: global flags, then per collector its enable flag and its options. */
export function exporterFlagTable(collectors: readonly RegisteredCollector[]): FlagSpec[] {
  const table = [...EXPORTER_FLAGS];
  const sorted = [...collectors].sort((a, b) => (a.definition.name < b.definition.name ? -1 : 1));
  for (const c of sorted) {
    table.push({
      name: `collector.${c.definition.name}`,
      kind: "bool",
      default: String(c.defaultEnabled),
      help: `Enable the ${c.definition.name} collector (default: ${c.defaultEnabled ? "enabled" : "disabled"}).`,
    });
  }
  for (const c of sorted) table.push(...(c.definition.flags ?? []));
  table.push(...removedCollectorFlags());
  return table;
}
