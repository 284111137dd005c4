// The part of systemd's D-Bus API (org.freedesktop.systemd1) the systemd
// collector reads: ListUnits, Manager properties and per-unit properties.

import type { DbusConnection } from "./connection.ts";
import type { Variant } from "./marshal.ts";
import { getProperty } from "./properties.ts";

export const SYSTEMD_BUS_NAME = "org.freedesktop.systemd1";
export const SYSTEMD_PATH = "/org/freedesktop/systemd1";
export const MANAGER_INTERFACE = "org.freedesktop.systemd1.Manager";

/** One row of Manager.ListUnits, signature (ssssssouso). */
export interface UnitStatus {
  name: string;
  description: string;
  loadState: string;
  activeState: string;
  subState: string;
  followed: string;
  path: string;
  jobId: number;
  jobType: string;
  jobPath: string;
}

export const LIST_UNITS_SIGNATURE = "a(ssssssouso)";

/**
 * systemd's escaping of a unit name into an object path element: bytes other
 * than [A-Za-z0-9] (and a leading digit) become _xx in lower-case hex.
 */
export function escapeBusPathElement(name: string): string {
  if (name === "") return "_";
  let out = "";
  const bytes = new TextEncoder().encode(name);
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    const alpha = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    const digit = c >= 0x30 && c <= 0x39;
    if (alpha || (digit && i > 0)) out += String.fromCharCode(c);
    else out += `_${c.toString(16).padStart(2, "0")}`;
  }
  return out;
}

export function unitObjectPath(unit: string): string {
  return `${SYSTEMD_PATH}/unit/${escapeBusPathElement(unit)}`;
}

/** The ListUnits reply body as typed rows; the signature was checked by the caller. */
export function unitStatusesFromReply(body: unknown): UnitStatus[] {
  if (!Array.isArray(body)) throw new Error("ListUnits: reply is not an array");
  return body.map((row) => {
    const [name, description, loadState, activeState, subState, followed, path, jobId, jobType, jobPath] = row as [
      string, string, string, string, string, string, string, number, string, string,
    ];
    return { name, description, loadState, activeState, subState, followed, path, jobId, jobType, jobPath };
  });
}

export class SystemdManager {
  constructor(private readonly conn: DbusConnection) {}

  async listUnits(): Promise<UnitStatus[]> {
    const reply = await this.conn.call({
      destination: SYSTEMD_BUS_NAME,
      path: SYSTEMD_PATH,
      interface: MANAGER_INTERFACE,
      member: "ListUnits",
    });
    if (reply.signature !== LIST_UNITS_SIGNATURE) {
      throw new Error(`ListUnits: reply has signature "${reply.signature}", want "${LIST_UNITS_SIGNATURE}"`);
    }
    return unitStatusesFromReply(reply.body[0]);
  }

  managerProperty(name: string): Promise<Variant> {
    return getProperty(this.conn, SYSTEMD_BUS_NAME, SYSTEMD_PATH, MANAGER_INTERFACE, name);
  }

  /** A property of a unit; unitType is "Unit", "Service", "Socket", "Timer", "Mount"... */
  unitProperty(unit: string, unitType: string, name: string): Promise<Variant> {
    return getProperty(this.conn, SYSTEMD_BUS_NAME, unitObjectPath(unit), `${SYSTEMD_BUS_NAME}.${unitType}`, name);
  }
}
