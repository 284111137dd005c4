// node_exporter's systemd collector: unit states and per-type details read
// from systemd over the system D-Bus, one connection per scrape.

import type { Logger } from "../../telemetry/logger.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { type CollectorOptions, defineCollector } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { systemBusAddress } from "../host/dbus/address.ts";
import { DbusConnection } from "../host/dbus/connection.ts";
import type { Variant } from "../host/dbus/marshal.ts";
import { SystemdManager, type UnitStatus } from "../host/dbus/systemd-manager.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { SYSTEMD_OPTIONS } from "./options/systemd.ts";

/** Below this version systemd has neither Manager.SystemState nor Timer.LastTriggerUSec. */
const MIN_VERSION_SYSTEM_STATE = 212;
const PRIVATE_SOCKET_ADDRESS = "unix:path=/run/systemd/private";
const MAX_UINT64 = 0xffffffffffffffffn;
export const UNIT_STATES = ["active", "activating", "deactivating", "inactive", "failed"] as const;
const VERSION_RE = /[0-9]{3,}(?:\.[0-9]+)?/;

const HELP = {
  unitState: "Systemd unit",
  startTime: "Start time of the unit since unix epoch in seconds.",
  tasksCurrent: "Current number of tasks per Systemd unit",
  tasksMax: "Maximum number of tasks per Systemd unit",
  systemRunning: "Whether the system is operational (see 'systemctl is-system-running')",
  units: "Summary of systemd unit states",
  restarts: "Service unit count of Restart triggers",
  timerLastTrigger: "Seconds since epoch of last trigger.",
  socketAccepted: "Total number of accepted socket connections",
  socketCurrent: "Current number of socket connections",
  socketRefused: "Total number of refused socket connections",
  version: "Detected systemd version",
};

const SYSTEMD_VERSION = metricDesc("node_systemd_version", "gauge", HELP.version, ["version"]);
// node_exporter 1.10 (#3254).
const SYSTEMD_VIRTUALIZATION_INFO = metricDesc(
  "node_systemd_virtualization_info",
  "gauge",
  "Detected virtualization technology",
  ["virtualization_type"],
);
const SYSTEMD_UNITS = metricDesc("node_systemd_units", "gauge", HELP.units, ["state"]);
const SYSTEMD_UNIT_STATE = metricDesc("node_systemd_unit_state", "gauge", HELP.unitState, ["name", "state", "type"]);
const SYSTEMD_SERVICE_RESTART_TOTAL = metricDesc(
  "node_systemd_service_restart_total",
  "counter",
  HELP.restarts,
  ["name"],
);
const SYSTEMD_SOCKET_ACCEPTED_CONNECTIONS_TOTAL = metricDesc(
  "node_systemd_socket_accepted_connections_total",
  "counter",
  HELP.socketAccepted,
  ["name"],
);
const SYSTEMD_SOCKET_CURRENT_CONNECTIONS = metricDesc(
  "node_systemd_socket_current_connections",
  "gauge",
  HELP.socketCurrent,
  ["name"],
);
const SYSTEMD_SOCKET_REFUSED_CONNECTIONS_TOTAL = metricDesc(
  "node_systemd_socket_refused_connections_total",
  "gauge",
  HELP.socketRefused,
  ["name"],
);
const SYSTEMD_UNIT_START_TIME_SECONDS = metricDesc(
  "node_systemd_unit_start_time_seconds",
  "gauge",
  HELP.startTime,
  ["name"],
);
const SYSTEMD_UNIT_TASKS_CURRENT = metricDesc("node_systemd_unit_tasks_current", "gauge", HELP.tasksCurrent, ["name"]);
const SYSTEMD_UNIT_TASKS_MAX = metricDesc("node_systemd_unit_tasks_max", "gauge", HELP.tasksMax, ["name"]);
const SYSTEMD_TIMER_LAST_TRIGGER_SECONDS = metricDesc(
  "node_systemd_timer_last_trigger_seconds",
  "gauge",
  HELP.timerLastTrigger,
  ["name"],
);
const SYSTEMD_SYSTEM_RUNNING = metricDesc("node_systemd_system_running", "gauge", HELP.systemRunning);

/** The numeric version (e.g. 252.22) and the full version string; 0 and "" when unparseable. */
export function parseSystemdVersion(raw: string): { version: number; full: string } {
  const m = VERSION_RE.exec(raw);
  if (!m) return { version: 0, full: "" };
  return { version: Number(m[0]), full: raw };
}

/** Unit counts per active state; the five known states are always present. */
export function summarizeUnits(units: readonly UnitStatus[]): Map<string, number> {
  const summary = new Map<string, number>(UNIT_STATES.map((s) => [s, 0]));
  for (const u of units) summary.set(u.activeState, (summary.get(u.activeState) ?? 0) + 1);
  return summary;
}

/** Loaded units whose name matches include and not exclude. */
export function filterUnits(units: readonly UnitStatus[], include: RegExp, exclude: RegExp): UnitStatus[] {
  return units.filter((u) => include.test(u.name) && !exclude.test(u.name) && u.loadState === "loaded");
}

/** The include/exclude regexps, honouring the deprecated whitelist/blacklist spellings as upstream does. */
export function unitPatterns({ options, optionsSet }: SystemdFlagOptions, logger: Logger): { include: RegExp; exclude: RegExp } {
  let include = options.include;
  let exclude = options.exclude;
  const oldExclude = options.blacklist;
  if (oldExclude !== "") {
    if (optionsSet.has("exclude")) {
      throw new Error("--collector.systemd.unit-blacklist and --collector.systemd.unit-exclude are mutually exclusive");
    }
    logger.warn("--collector.systemd.unit-blacklist is DEPRECATED and will be removed in 2.0.0, use --collector.systemd.unit-exclude");
    exclude = oldExclude;
  }
  const oldInclude = options.whitelist;
  if (oldInclude !== "") {
    if (optionsSet.has("include")) {
      throw new Error("--collector.systemd.unit-whitelist and --collector.systemd.unit-include are mutually exclusive");
    }
    logger.warn("--collector.systemd.unit-whitelist is DEPRECATED and will be removed in 2.0.0, use --collector.systemd.unit-include");
    include = oldInclude;
  }
  logger.info("Parsed flag --collector.systemd.unit-include", { flag: include });
  logger.info("Parsed flag --collector.systemd.unit-exclude", { flag: exclude });
  // Upstream anchors the pattern as ^(?:pattern)$; a leading Go flag group such as (?i) must stay in front.
  const compile = (flag: string, pattern: string) => {
    const flagGroup = /^\(\?[imsU]+\)/.exec(pattern)?.[0] ?? "";
    return compileGoRegexp(`${flagGroup}^(?:${pattern.slice(flagGroup.length)})$`, `--${flag}`);
  };
  return { include: compile(SYSTEMD_OPTIONS.include.name, include), exclude: compile(SYSTEMD_OPTIONS.exclude.name, exclude) };
}

/** The collector's flags, as unitPatterns and createSystemdCollector take them. */
export type SystemdFlagOptions = CollectorOptions<typeof SYSTEMD_OPTIONS>;

export interface SystemdOptions {
  /** The system bus address (DBUS_SYSTEM_BUS_ADDRESS or the default socket). */
  busAddress: string;
}

function typed<T>(v: Variant, signature: string, what: string): T {
  if (v.signature !== signature) throw new Error(`${what} has D-Bus type "${v.signature}", want "${signature}"`);
  return v.value as T;
}

class SystemdCollector {
  private readonly include: RegExp;
  private readonly exclude: RegExp;
  private readonly usePrivate: boolean;
  private readonly tasks: boolean;
  private readonly restarts: boolean;
  private readonly startTime: boolean;

  constructor(
    flagOptions: SystemdFlagOptions,
    private readonly logger: Logger,
    private readonly options: SystemdOptions,
  ) {
    ({ include: this.include, exclude: this.exclude } = unitPatterns(flagOptions, logger));
    this.usePrivate = flagOptions.options.private;
    this.tasks = flagOptions.options.tasks;
    this.restarts = flagOptions.options.restarts;
    this.startTime = flagOptions.options.startTime;
  }

  /** As go-systemd's NewWithContext: the system bus, or for root systemd's private socket when the bus is unreachable. */
  private async connect(): Promise<DbusConnection> {
    if (this.usePrivate) return DbusConnection.open(PRIVATE_SOCKET_ADDRESS, { hello: false });
    try {
      return await DbusConnection.open(this.options.busAddress);
    } catch (err) {
      if (process.getuid?.() !== 0) throw err;
      try {
        return await DbusConnection.open(PRIVATE_SOCKET_ADDRESS, { hello: false });
      } catch (privateErr) {
        throw new Error(`${(err as Error).message}; and ${(privateErr as Error).message}`, { cause: err });
      }
    }
  }

  async update(out: FamilyBuilder): Promise<void> {
    let conn: DbusConnection;
    try {
      conn = await this.connect();
    } catch (err) {
      throw new Error(`couldn't get dbus connection: ${(err as Error).message}`, { cause: err });
    }
    try {
      await this.collect(new SystemdManager(conn), out);
    } finally {
      conn.close();
    }
  }

  private async collect(m: SystemdManager, out: FamilyBuilder): Promise<void> {
    const { version, full } = await this.version(m);
    if (version < MIN_VERSION_SYSTEM_STATE) {
      this.logger.debug("Detected systemd version is lower than minimum, some systemd state and timer metrics will not be available", {
        current: version,
        minimum: MIN_VERSION_SYSTEM_STATE,
      });
    }
    out.add(SYSTEMD_VERSION, version, { version: full });
    out.add(SYSTEMD_VIRTUALIZATION_INFO, 1, { virtualization_type: await this.virtualization(m) });

    let all: UnitStatus[];
    try {
      all = await m.listUnits();
    } catch (err) {
      throw new Error(`couldn't get units: ${(err as Error).message}`, { cause: err });
    }
    for (const [state, count] of summarizeUnits(all)) out.add(SYSTEMD_UNITS, count, { state });
    const units = filterUnits(all, this.include, this.exclude);

    const work: Promise<void>[] = [this.unitStatus(m, out, units), this.sockets(m, out, units)];
    if (this.startTime) work.push(this.unitStartTimes(m, out, units));
    if (this.tasks) work.push(this.unitTasks(m, out, units));
    if (version >= MIN_VERSION_SYSTEM_STATE) work.push(this.timers(m, out, units));
    let stateError: unknown;
    if (version >= MIN_VERSION_SYSTEM_STATE) {
      work.push(
        this.systemState(m, out).catch((err) => {
          stateError = err;
        }),
      );
    }
    await Promise.all(work);
    if (stateError !== undefined) throw stateError;
  }

  private async version(m: SystemdManager): Promise<{ version: number; full: string }> {
    let raw: string;
    try {
      raw = typed<string>(await m.managerProperty("Version"), "s", "Version");
    } catch (err) {
      this.logger.debug("Unable to get systemd version property, defaulting to 0", { err });
      return { version: 0, full: "" };
    }
    this.logger.debug("Got systemd version", { version: raw });
    const v = parseSystemdVersion(raw);
    if (v.full === "") this.logger.debug("Got invalid systemd version", { version: raw });
    return v;
  }

  /** Manager.Virtualization: "kvm", "docker", ...; "none" on bare metal, "unknown" when unreadable. */
  private async virtualization(m: SystemdManager): Promise<string> {
    try {
      return typed<string>(await m.managerProperty("Virtualization"), "s", "Virtualization") || "none";
    } catch (err) {
      this.logger.debug("Could not get Virtualization property", { err });
      return "unknown";
    }
  }

  /** A unit's property of the given D-Bus type, or undefined (logged at debug) when it cannot be read. */
  private async prop<T>(m: SystemdManager, unit: string, unitType: string, name: string, sig: string): Promise<T | undefined> {
    try {
      return typed<T>(await m.unitProperty(unit, unitType, name), sig, `${unitType}.${name}`);
    } catch (err) {
      this.logger.debug(`couldn't get unit ${name}`, { unit, err });
      return undefined;
    }
  }

  private async unitStatus(m: SystemdManager, out: FamilyBuilder, units: UnitStatus[]): Promise<void> {
    await Promise.all(
      units.map(async (u) => {
        const isService = u.name.endsWith(".service");
        const [type, restarts] = await Promise.all([
          isService
            ? this.prop<string>(m, u.name, "Service", "Type", "s")
            : u.name.endsWith(".mount")
              ? this.prop<string>(m, u.name, "Mount", "Type", "s")
              : undefined,
          this.restarts && isService ? this.prop<number>(m, u.name, "Service", "NRestarts", "u") : undefined,
        ]);
        for (const state of UNIT_STATES) {
          out.add(SYSTEMD_UNIT_STATE, state === u.activeState ? 1 : 0, {
            name: u.name,
            state,
            type: type ?? "",
          });
        }
        if (restarts !== undefined) out.add(SYSTEMD_SERVICE_RESTART_TOTAL, restarts, { name: u.name });
      }),
    );
  }

  private async sockets(m: SystemdManager, out: FamilyBuilder, units: UnitStatus[]): Promise<void> {
    await Promise.all(
      units
        .filter((u) => u.name.endsWith(".socket"))
        .map(async (u) => {
          const [accepted, current, refused] = await Promise.all([
            this.prop<number>(m, u.name, "Socket", "NAccepted", "u"),
            this.prop<number>(m, u.name, "Socket", "NConnections", "u"),
            // NRefused appeared in systemd 239.
            this.prop<number>(m, u.name, "Socket", "NRefused", "u"),
          ]);
          // Upstream stops at the first property it cannot read.
          if (accepted === undefined) return;
          out.add(SYSTEMD_SOCKET_ACCEPTED_CONNECTIONS_TOTAL, accepted, { name: u.name });
          if (current === undefined) return;
          out.add(SYSTEMD_SOCKET_CURRENT_CONNECTIONS, current, { name: u.name });
          if (refused !== undefined) {
            out.add(SYSTEMD_SOCKET_REFUSED_CONNECTIONS_TOTAL, refused, { name: u.name });
          }
        }),
    );
  }

  private async unitStartTimes(m: SystemdManager, out: FamilyBuilder, units: UnitStatus[]): Promise<void> {
    await Promise.all(
      units.map(async (u) => {
        let usec = 0n;
        if (u.activeState === "active") {
          const v = await this.prop<bigint>(m, u.name, "Unit", "ActiveEnterTimestamp", "t");
          if (v === undefined) return;
          usec = v;
        }
        out.add(SYSTEMD_UNIT_START_TIME_SECONDS, Number(usec) / 1e6, { name: u.name });
      }),
    );
  }

  private async unitTasks(m: SystemdManager, out: FamilyBuilder, units: UnitStatus[]): Promise<void> {
    await Promise.all(
      units
        .filter((u) => u.name.endsWith(".service"))
        .map(async (u) => {
          const [current, max] = await Promise.all([
            this.prop<bigint>(m, u.name, "Service", "TasksCurrent", "t"),
            this.prop<bigint>(m, u.name, "Service", "TasksMax", "t"),
          ]);
          // systemd reports "no value" as the maximum uint64.
          if (current !== undefined && current !== MAX_UINT64) {
            out.add(SYSTEMD_UNIT_TASKS_CURRENT, Number(current), { name: u.name });
          }
          if (max !== undefined && max !== MAX_UINT64) {
            out.add(SYSTEMD_UNIT_TASKS_MAX, Number(max), { name: u.name });
          }
        }),
    );
  }

  private async timers(m: SystemdManager, out: FamilyBuilder, units: UnitStatus[]): Promise<void> {
    await Promise.all(
      units
        .filter((u) => u.name.endsWith(".timer"))
        .map(async (u) => {
          const v = await this.prop<bigint>(m, u.name, "Timer", "LastTriggerUSec", "t");
          if (v !== undefined) out.add(SYSTEMD_TIMER_LAST_TRIGGER_SECONDS, Number(v) / 1e6, { name: u.name });
        }),
    );
  }

  private async systemState(m: SystemdManager, out: FamilyBuilder): Promise<void> {
    let state: string;
    try {
      const v = await m.managerProperty("SystemState");
      state = v.signature === "s" ? (v.value as string) : "";
    } catch (err) {
      throw new Error(`couldn't get system state: ${(err as Error).message}`, { cause: err });
    }
    out.add(SYSTEMD_SYSTEM_RUNNING, state === "running" ? 1 : 0);
  }
}

export function createSystemdCollector(flagOptions: SystemdFlagOptions, logger: Logger, options: SystemdOptions): { update(out: FamilyBuilder): Promise<void> } {
  return new SystemdCollector(flagOptions, logger, options);
}

export const systemdCollector = defineCollector({
  name: "systemd",
  options: SYSTEMD_OPTIONS,
  create: ({ options, optionsSet, logger }) => createSystemdCollector({ options, optionsSet }, logger, { busAddress: systemBusAddress() }),
});
