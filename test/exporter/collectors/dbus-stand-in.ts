// Stand-ins for systemd (org.freedesktop.systemd1) and logind
// (org.freedesktop.login1) on a private bus, written with mon's own D-Bus
// client: they own the well-known names and answer the calls the collectors
// make with canned data. Object paths are spelled out literally in the data,
// so the collectors' path escaping is checked, not reused.

import { DbusConnection, DbusError, type Reply } from "../../../src/exporter/host/dbus/connection.ts";
import { type DbusValue, Variant } from "../../../src/exporter/host/dbus/marshal.ts";
import type { DbusMessage } from "../../../src/exporter/host/dbus/message.ts";

/** Object path -> interface -> property -> value. */
export type ObjectProperties = Record<string, Record<string, Record<string, Variant>>>;

export interface FakeUnit {
  name: string;
  loadState: string;
  activeState: string;
  /** The unit's object path, written out as systemd escapes it. */
  path: string;
}

function propertiesCall(objects: ObjectProperties, m: DbusMessage): Reply {
  const ifaces = objects[m.path ?? ""];
  if (!ifaces) throw new DbusError("org.freedesktop.DBus.Error.UnknownObject", `no object ${m.path}`);
  if (m.member === "Get") {
    const [iface, name] = m.body as [string, string];
    const v = ifaces[iface]?.[name];
    if (!v) throw new DbusError("org.freedesktop.DBus.Error.UnknownProperty", `no property ${iface}.${name} on ${m.path}`);
    return { signature: "v", body: [v] };
  }
  if (m.member === "GetAll") {
    const [iface] = m.body as [string];
    return { signature: "a{sv}", body: [new Map<DbusValue, DbusValue>(Object.entries(ifaces[iface] ?? {}))] };
  }
  throw new DbusError("org.freedesktop.DBus.Error.UnknownMethod", `Properties.${m.member}`);
}

async function serve(address: string, name: string, handler: (m: DbusMessage) => Reply): Promise<DbusConnection> {
  const conn = await DbusConnection.open(address);
  conn.handle(handler);
  const code = await conn.requestName(name);
  if (code !== 1) throw new Error(`stand-in could not own ${name}: RequestName answered ${code}`);
  return conn;
}

export interface SystemdData {
  units: FakeUnit[];
  /** Manager and unit properties by object path. */
  objects: ObjectProperties;
}

export function startSystemdStandIn(address: string, data: SystemdData): Promise<DbusConnection> {
  return serve(address, "org.freedesktop.systemd1", (m) => {
    if (m.interface === "org.freedesktop.DBus.Properties") return propertiesCall(data.objects, m);
    if (m.interface === "org.freedesktop.systemd1.Manager" && m.member === "ListUnits" && m.path === "/org/freedesktop/systemd1") {
      const rows = data.units.map((u) => [u.name, `Fake ${u.name}`, u.loadState, u.activeState, "running", "", u.path, 0, "", "/"]);
      return { signature: "a(ssssssouso)", body: [rows] };
    }
    throw new DbusError("org.freedesktop.DBus.Error.UnknownMethod", `${m.interface}.${m.member} on ${m.path}`);
  });
}

export interface FakeSession {
  id: string;
  uid: number;
  user: string;
  seat: string;
  path: string;
}

export interface LogindData {
  seats: string[];
  sessions: FakeSession[];
  objects: ObjectProperties;
}

export function startLogindStandIn(address: string, data: LogindData): Promise<DbusConnection> {
  return serve(address, "org.freedesktop.login1", (m) => {
    if (m.interface === "org.freedesktop.DBus.Properties") return propertiesCall(data.objects, m);
    if (m.interface === "org.freedesktop.login1.Manager" && m.path === "/org/freedesktop/login1") {
      if (m.member === "ListSeats") {
        return { signature: "a(so)", body: [data.seats.map((s) => [s, `/org/freedesktop/login1/seat/${s}`])] };
      }
      if (m.member === "ListSessions") {
        return { signature: "a(susso)", body: [data.sessions.map((s) => [s.id, s.uid, s.user, s.seat, s.path])] };
      }
    }
    throw new DbusError("org.freedesktop.DBus.Error.UnknownMethod", `${m.interface}.${m.member} on ${m.path}`);
  });
}

export { Variant };
