// The systemd and logind collectors against a real dbus-daemon, with
// stand-in systemd and logind services answering on a private bus.

import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { createLogindCollector, logindCollector } from "../../../src/exporter/collectors/logind.ts";
import { createSystemdCollector, systemdCollector } from "../../../src/exporter/collectors/systemd.ts";
import type { DbusConnection } from "../../../src/exporter/host/dbus/connection.ts";
import { collectorOptions } from "../../support/host-tree.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { normalizeFamilies, writeText } from "../../../src/metrics/text-writer.ts";
import { type PrivateBus, skipWithoutDbus, startPrivateBus } from "../../support/dbus-daemon.ts";
import { type LogindData, type SystemdData, Variant, startLogindStandIn, startSystemdStandIn } from "./dbus-stand-in.ts";

const noDbus = skipWithoutDbus("systemd/logind D-Bus tests");

const MAX_U64 = 0xffffffffffffffffn;
const UNIT = "/org/freedesktop/systemd1/unit";

function systemdData(version: string): SystemdData {
  return {
    units: [
      { name: "nginx.service", loadState: "loaded", activeState: "active", path: `${UNIT}/nginx_2eservice` },
      { name: "cron.service", loadState: "loaded", activeState: "inactive", path: `${UNIT}/cron_2eservice` },
      { name: "getty@tty1.service", loadState: "loaded", activeState: "failed", path: `${UNIT}/getty_40tty1_2eservice` },
      { name: "ghost.service", loadState: "not-found", activeState: "inactive", path: `${UNIT}/ghost_2eservice` },
      { name: "ssh.socket", loadState: "loaded", activeState: "active", path: `${UNIT}/ssh_2esocket` },
      { name: "old.socket", loadState: "loaded", activeState: "activating", path: `${UNIT}/old_2esocket` },
      { name: "logrotate.timer", loadState: "loaded", activeState: "active", path: `${UNIT}/logrotate_2etimer` },
      { name: "home.mount", loadState: "loaded", activeState: "active", path: `${UNIT}/home_2emount` },
      { name: "dev-sda.device", loadState: "loaded", activeState: "active", path: `${UNIT}/dev_2dsda_2edevice` },
      { name: "9p.target", loadState: "loaded", activeState: "reloading", path: `${UNIT}/_39p_2etarget` },
    ],
    objects: {
      "/org/freedesktop/systemd1": {
        "org.freedesktop.systemd1.Manager": {
          Version: new Variant("s", version),
          SystemState: new Variant("s", "degraded"),
          Virtualization: new Variant("s", "kvm"),
        },
      },
      [`${UNIT}/nginx_2eservice`]: {
        "org.freedesktop.systemd1.Unit": { ActiveEnterTimestamp: new Variant("t", 1700000000123456n) },
        "org.freedesktop.systemd1.Service": {
          Type: new Variant("s", "notify"),
          NRestarts: new Variant("u", 2),
          TasksCurrent: new Variant("t", 5n),
          TasksMax: new Variant("t", MAX_U64),
        },
      },
      [`${UNIT}/cron_2eservice`]: {
        "org.freedesktop.systemd1.Unit": { ActiveEnterTimestamp: new Variant("t", 99n) },
        "org.freedesktop.systemd1.Service": {
          Type: new Variant("s", "simple"),
          NRestarts: new Variant("u", 0),
          TasksCurrent: new Variant("t", MAX_U64),
          TasksMax: new Variant("t", 4915n),
        },
      },
      // No Service interface: type "" and no restart/task metrics, as when the call fails upstream.
      [`${UNIT}/getty_40tty1_2eservice`]: {},
      [`${UNIT}/ssh_2esocket`]: {
        "org.freedesktop.systemd1.Unit": { ActiveEnterTimestamp: new Variant("t", 1600000000000000n) },
        "org.freedesktop.systemd1.Socket": {
          NAccepted: new Variant("u", 10),
          NConnections: new Variant("u", 1),
          NRefused: new Variant("u", 3),
        },
      },
      // systemd before 239: no NRefused.
      [`${UNIT}/old_2esocket`]: {
        "org.freedesktop.systemd1.Socket": { NAccepted: new Variant("u", 7), NConnections: new Variant("u", 0) },
      },
      [`${UNIT}/logrotate_2etimer`]: {
        "org.freedesktop.systemd1.Timer": { LastTriggerUSec: new Variant("t", 1700000000500000n) },
      },
      [`${UNIT}/home_2emount`]: { "org.freedesktop.systemd1.Mount": { Type: new Variant("s", "ext4") } },
      // A property of the wrong D-Bus type is treated as unreadable.
      [`${UNIT}/_39p_2etarget`]: { "org.freedesktop.systemd1.Unit": { ActiveEnterTimestamp: new Variant("s", "x") } },
    },
  };
}

function logindData(): LogindData {
  const s = "/org/freedesktop/login1/session";
  const session = (remote: boolean, type: string, cls: string) => ({
    "org.freedesktop.login1.Session": {
      Remote: new Variant("b", remote),
      Type: new Variant("s", type),
      Class: new Variant("s", cls),
    },
  });
  return {
    seats: ["seat0"],
    sessions: [
      { id: "1", uid: 1000, user: "alice", seat: "seat0", path: `${s}/_31` },
      { id: "2", uid: 1000, user: "alice", seat: "", path: `${s}/_32` },
      { id: "3", uid: 0, user: "root", seat: "", path: `${s}/_33` },
      { id: "4", uid: 0, user: "root", seat: "", path: `${s}/_34` },
      { id: "5", uid: 0, user: "root", seat: "seat9", path: `${s}/_35` },
      { id: "6", uid: 0, user: "root", seat: "", path: `${s}/_36` },
    ],
    objects: {
      [`${s}/_31`]: session(false, "x11", "user"),
      [`${s}/_32`]: session(true, "tty", "user"),
      [`${s}/_33`]: session(true, "tty", "user"),
      // Unknown type and class fold into "other".
      [`${s}/_34`]: session(true, "vnc", "manager"),
      // A seat ListSeats did not name: counted nowhere, as upstream.
      [`${s}/_35`]: session(false, "tty", "user"),
      // No properties: the session is skipped.
    },
  };
}

async function scrape(c: { update(out: FamilyBuilder): Promise<void> | void }): Promise<string> {
  const out = new FamilyBuilder();
  await c.update(out);
  return writeText(normalizeFamilies(out.build()));
}

function systemd(address: string, args: string[] = []) {
  return createSystemdCollector(collectorOptions(systemdCollector, args), silentLogger, { busAddress: address });
}

const STATES = ["activating", "active", "deactivating", "failed", "inactive"];
const stateLines = (name: string, type: string, active: string) =>
  STATES.map((s) => `node_systemd_unit_state{name="${name}",state="${s}",type="${type}"} ${s === active ? 1 : 0}`).join("\n");

describe.skipIf(noDbus)("systemd collector over D-Bus", () => {
  let bus: PrivateBus;
  let standIn: DbusConnection;
  let data: SystemdData;

  beforeAll(async () => {
    bus = await startPrivateBus();
    data = systemdData("252.22-1~deb12u1");
    // The handler reads `data` at each call, so tests can swap it.
    standIn = await startSystemdStandIn(bus.address, {
      get units() {
        return data.units;
      },
      get objects() {
        return data.objects;
      },
    });
  });
  afterAll(async () => {
    standIn?.close();
    await bus?.stop();
  });
  beforeEach(() => {
    data = systemdData("252.22-1~deb12u1");
  });

  test("default flags", async () => {
    expect(await scrape(systemd(bus.address))).toBe(`# HELP node_systemd_socket_accepted_connections_total Total number of accepted socket connections
# TYPE node_systemd_socket_accepted_connections_total counter
node_systemd_socket_accepted_connections_total{name="old.socket"} 7
node_systemd_socket_accepted_connections_total{name="ssh.socket"} 10
# HELP node_systemd_socket_current_connections Current number of socket connections
# TYPE node_systemd_socket_current_connections gauge
node_systemd_socket_current_connections{name="old.socket"} 0
node_systemd_socket_current_connections{name="ssh.socket"} 1
# HELP node_systemd_socket_refused_connections_total Total number of refused socket connections
# TYPE node_systemd_socket_refused_connections_total gauge
node_systemd_socket_refused_connections_total{name="ssh.socket"} 3
# HELP node_systemd_system_running Whether the system is operational (see 'systemctl is-system-running')
# TYPE node_systemd_system_running gauge
node_systemd_system_running 0
# HELP node_systemd_timer_last_trigger_seconds Seconds since epoch of last trigger.
# TYPE node_systemd_timer_last_trigger_seconds gauge
node_systemd_timer_last_trigger_seconds{name="logrotate.timer"} 1.7000000005e+09
# HELP node_systemd_unit_state Systemd unit
# TYPE node_systemd_unit_state gauge
${stateLines("9p.target", "", "reloading")}
${stateLines("cron.service", "simple", "inactive")}
${stateLines("getty@tty1.service", "", "failed")}
${stateLines("logrotate.timer", "", "active")}
${stateLines("nginx.service", "notify", "active")}
${stateLines("old.socket", "", "activating")}
${stateLines("ssh.socket", "", "active")}
# HELP node_systemd_units Summary of systemd unit states
# TYPE node_systemd_units gauge
node_systemd_units{state="activating"} 1
node_systemd_units{state="active"} 5
node_systemd_units{state="deactivating"} 0
node_systemd_units{state="failed"} 1
node_systemd_units{state="inactive"} 2
node_systemd_units{state="reloading"} 1
# HELP node_systemd_version Detected systemd version
# TYPE node_systemd_version gauge
node_systemd_version{version="252.22-1~deb12u1"} 252.22
# HELP node_systemd_virtualization_info Detected virtualization technology
# TYPE node_systemd_virtualization_info gauge
node_systemd_virtualization_info{virtualization_type="kvm"} 1
`);
  });

  test("restart, task and start-time metrics when enabled", async () => {
    const text = await scrape(
      systemd(bus.address, [
        "--collector.systemd.enable-restarts-metrics",
        "--collector.systemd.enable-task-metrics",
        "--collector.systemd.enable-start-time-metrics",
        "--collector.systemd.unit-include=.+\\.(service|socket)",
      ]),
    );
    const wanted = [
      'node_systemd_service_restart_total{name="cron.service"} 0',
      'node_systemd_service_restart_total{name="nginx.service"} 2',
      'node_systemd_unit_tasks_current{name="nginx.service"} 5',
      'node_systemd_unit_tasks_max{name="cron.service"} 4915',
      'node_systemd_unit_start_time_seconds{name="cron.service"} 0',
      'node_systemd_unit_start_time_seconds{name="getty@tty1.service"} 0',
      'node_systemd_unit_start_time_seconds{name="nginx.service"} 1.700000000123456e+09',
      'node_systemd_unit_start_time_seconds{name="old.socket"} 0',
      'node_systemd_unit_start_time_seconds{name="ssh.socket"} 1.6e+09',
      "# TYPE node_systemd_service_restart_total counter",
    ];
    for (const line of wanted) expect(text).toContain(line);
    // The MaxUint64 sentinel means "unset": no sample.
    expect(text).not.toContain('node_systemd_unit_tasks_max{name="nginx.service"}');
    expect(text).not.toContain('node_systemd_unit_tasks_current{name="cron.service"}');
    // unit-include narrowed the units: no timer, no target.
    expect(text).not.toContain("logrotate.timer");
    expect(text).not.toContain("9p.target");
  });

  test("systemd older than 212: no timer or system state metrics", async () => {
    data = systemdData("systemd 211");
    const text = await scrape(systemd(bus.address));
    expect(text).toContain('node_systemd_version{version="systemd 211"} 211');
    expect(text).not.toContain("node_systemd_timer_last_trigger_seconds");
    expect(text).not.toContain("node_systemd_system_running");
    expect(text).toContain('node_systemd_socket_accepted_connections_total{name="ssh.socket"} 10');
  });

  test("system state running", async () => {
    data.objects["/org/freedesktop/systemd1"]["org.freedesktop.systemd1.Manager"].SystemState = new Variant("s", "running");
    expect(await scrape(systemd(bus.address))).toContain("node_systemd_system_running 1\n");
  });

  test("unit-exclude replaces the default exclusion", async () => {
    const text = await scrape(systemd(bus.address, ["--collector.systemd.unit-exclude=.+\\.service"]));
    expect(text).toContain('node_systemd_unit_state{name="home.mount",state="active",type="ext4"} 1');
    expect(text).toContain('name="dev-sda.device"');
    expect(text).not.toContain('name="nginx.service"');
  });

  test("no systemd on the bus: version 0, then the scrape fails", async () => {
    const bare = await startPrivateBus();
    try {
      const out = new FamilyBuilder();
      await expect(systemd(bare.address).update(out)).rejects.toThrow("couldn't get units: org.freedesktop.DBus.Error.ServiceUnknown");
      expect(writeText(out.build())).toContain('node_systemd_version{version=""} 0');
    } finally {
      await bare.stop();
    }
  });
});

describe("systemd collector without a bus", () => {
  test("an unreachable bus fails the scrape with the reason", async () => {
    await expect(systemd("unix:path=/nonexistent/mon-test-bus").update(new FamilyBuilder())).rejects.toThrow(
      "couldn't get dbus connection: mon.Error.Connect: cannot connect to unix:path=/nonexistent/mon-test-bus",
    );
  });
});

describe.skipIf(noDbus)("logind collector over D-Bus", () => {
  let bus: PrivateBus;
  let standIn: DbusConnection;

  beforeAll(async () => {
    bus = await startPrivateBus();
    standIn = await startLogindStandIn(bus.address, logindData());
  });
  afterAll(async () => {
    standIn?.close();
    await bus?.stop();
  });

  test("sessions by seat, remote, type and class", async () => {
    const text = await scrape(createLogindCollector(silentLogger, { busAddress: bus.address }));
    const samples = text.split("\n").filter((l) => l.startsWith("node_logind_sessions{"));
    // 2 remote values x 7 types x 5 classes x 2 seats (seat0 and the empty seat).
    expect(samples.length).toBe(140);
    expect(samples.filter((l) => !l.endsWith(" 0"))).toEqual([
      'node_logind_sessions{class="other",remote="true",seat="",type="other"} 1',
      'node_logind_sessions{class="user",remote="false",seat="seat0",type="x11"} 1',
      'node_logind_sessions{class="user",remote="true",seat="",type="tty"} 2',
    ]);
    expect(text).toContain("# HELP node_logind_sessions Number of sessions registered in logind.\n# TYPE node_logind_sessions gauge\n");
  });

  test("logind absent from the bus fails the scrape", async () => {
    const bare = await startPrivateBus();
    try {
      await expect(scrape(createLogindCollector(silentLogger, { busAddress: bare.address }))).rejects.toThrow("unable to get seats:");
    } finally {
      await bare.stop();
    }
  });

  test("the definition has no option flags", () => {
    expect(logindCollector.options ?? {}).toEqual({});
  });
});
