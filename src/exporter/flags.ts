// The exporter's flag table: node_exporter 1.12.1's own flags, then an
// enable flag and the option flags of every registered collector.

import { LOG_FLAGS, webFlags } from "../flags/common-flags.ts";
import { FlagError, type FlagSpec, type FlagValues, defineFlags } from "../flags/flag-table.ts";
import { DEFAULT_PATHS } from "./paths.ts";
import type { RegisteredCollector } from "./collector-list.ts";

export const EXPORTER_FLAGS = defineFlags({
  ...webFlags(9100),
  telemetryPath: { name: "web.telemetry-path", kind: "string", default: "/metrics", help: "Path under which to expose metrics." },
  disableExporterMetrics: {
    name: "web.disable-exporter-metrics",
    kind: "bool",
    help: "Exclude metrics about the exporter itself (promhttp_*, process_*, go_*).",
  },
  maxRequests: {
    name: "web.max-requests",
    kind: "int",
    default: "40",
    help: "Maximum number of parallel scrape requests. Use 0 to disable.",
  },
  disableDefaults: { name: "collector.disable-defaults", kind: "bool", help: "Set all collectors to disabled by default." },
  gomaxprocs: {
    name: "runtime.gomaxprocs",
    kind: "int",
    default: "1",
    help: "The target number of CPUs Go will run on (GOMAXPROCS). Accepted for compatibility; mon ignores it.",
  },
  procfs: { name: "path.procfs", kind: "string", default: DEFAULT_PATHS.procfs, help: "procfs mountpoint." },
  sysfs: { name: "path.sysfs", kind: "string", default: DEFAULT_PATHS.sysfs, help: "sysfs mountpoint." },
  rootfs: { name: "path.rootfs", kind: "string", default: DEFAULT_PATHS.rootfs, help: "rootfs mountpoint." },
  udevData: { name: "path.udev.data", kind: "string", default: DEFAULT_PATHS.udevData, help: "udev data path." },
  ...LOG_FLAGS,
});

/**
 * Collectors node_exporter 1.12.1 has that mon leaves out on purpose. Their
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

function removedCollectorFlags(c: (typeof REMOVED_COLLECTORS)[number]): FlagSpec[] {
  return [
    { name: `collector.${c.name}`, kind: "bool" as const, hidden: true, help: c.reason },
    ...c.options.map((o) => ({ name: `collector.${c.name}.${o}`, kind: "string" as const, hidden: true, help: c.reason })),
    ...c.boolOptions.map((o) => ({ name: `collector.${c.name}.${o}`, kind: "bool" as const, hidden: true, help: c.reason })),
  ];
}

/** Throws when the command line enables a removed collector or sets one of its options; --no-collector.ntp is fine. */
export function rejectRemovedCollectors(flags: FlagValues): void {
  for (const c of REMOVED_COLLECTORS) {
    const [enable, ...options] = removedCollectorFlags(c);
    const used = (flags.isSet(enable) && flags.get(enable)) || options.some((o) => flags.isSet(o));
    if (used) throw new FlagError(c.reason);
  }
}

/** --collector.<name>, on or off by default as the collector list says. */
export function collectorEnableFlag(c: RegisteredCollector): FlagSpec & { kind: "bool" } {
  const name = c.name;
  return {
    name: `collector.${name}`,
    kind: "bool",
    default: String(c.defaultEnabled),
    help: `Enable the ${name} collector (default: ${c.defaultEnabled ? "enabled" : "disabled"}).`,
  };
}

/** The full table: global flags, then per collector its enable flag and its options. */
export function exporterFlagTable(collectors: readonly RegisteredCollector[]): FlagSpec[] {
  const sorted = [...collectors].sort((a, b) => (a.name < b.name ? -1 : 1));
  return [
    ...Object.values(EXPORTER_FLAGS),
    ...sorted.map(collectorEnableFlag),
    ...sorted.flatMap((c): FlagSpec[] => Object.values(c.options ?? {})),
    ...REMOVED_COLLECTORS.flatMap(removedCollectorFlags),
  ];
}
