// The part of logind's D-Bus API (org.freedesktop.login1) the logind
// collector reads: ListSeats, ListSessions and three Session properties.

import type { DbusConnection } from "./connection.ts";
import type { Variant } from "./marshal.ts";
import { getProperty } from "./properties.ts";

export const LOGIND_BUS_NAME = "org.freedesktop.login1";
export const LOGIND_PATH = "/org/freedesktop/login1";
const MANAGER_INTERFACE = "org.freedesktop.login1.Manager";
const SESSION_INTERFACE = "org.freedesktop.login1.Session";

export interface SessionEntry {
  sessionId: string;
  uid: number;
  userName: string;
  seatId: string;
  path: string;
}

export class LogindManager {
  constructor(private readonly conn: DbusConnection) {}

  private async list(member: string, signature: string): Promise<unknown[][]> {
    const reply = await this.conn.call({ destination: LOGIND_BUS_NAME, path: LOGIND_PATH, interface: MANAGER_INTERFACE, member });
    if (reply.signature !== signature) throw new Error(`${member}: reply has signature "${reply.signature}", want "${signature}"`);
    return reply.body[0] as unknown[][];
  }

  /** Seat ids, from ListSeats a(so). */
  async listSeats(): Promise<string[]> {
    return (await this.list("ListSeats", "a(so)")).map((r) => r[0] as string);
  }

  /** From ListSessions a(susso). */
  async listSessions(): Promise<SessionEntry[]> {
    return (await this.list("ListSessions", "a(susso)")).map((r) => ({
      sessionId: r[0] as string,
      uid: r[1] as number,
      userName: r[2] as string,
      seatId: r[3] as string,
      path: r[4] as string,
    }));
  }

  sessionProperty(path: string, name: string): Promise<Variant> {
    return getProperty(this.conn, LOGIND_BUS_NAME, path, SESSION_INTERFACE, name);
  }
}
