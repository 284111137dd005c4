// node_exporter's logind collector: logind sessions counted by seat, remote,
// type and class, read over the system D-Bus, one connection per scrape.

import type { Logger } from "../../telemetry/logger.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import type { CollectorDefinition } from "../collector.ts";
import { systemBusAddress } from "../host/dbus/address.ts";
import { DbusConnection } from "../host/dbus/connection.ts";
import { LogindManager, type SessionEntry } from "../host/dbus/logind-manager.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

// The values logind knew as of systemd v229; anything else counts as "other".
const REMOTE_VALUES = ["true", "false"];
const TYPE_VALUES = ["other", "unspecified", "tty", "x11", "wayland", "mir", "web"];
const CLASS_VALUES = ["other", "user", "greeter", "lock-screen", "background"];
const HELP = "Number of sessions registered in logind.";

const LOGIND_SESSIONS = metricDesc("node_logind_sessions", "gauge", HELP, ["seat", "remote", "type", "class"]);

export interface SessionKey {
  seat: string;
  remote: string;
  type: string;
  class: string;
}

export function knownOrOther(value: string, known: readonly string[]): string {
  return known.includes(value) ? value : "other";
}

/**
 * One sample per remote x type x class x seat, in upstream's order; seats
 * are ListSeats' ids plus "" (the seat of remote sessions such as SSH).
 */
export function sessionSamples(seats: readonly string[], sessions: readonly SessionKey[]): [SessionKey, number][] {
  const counts = new Map<string, number>();
  const keyOf = (k: SessionKey) => JSON.stringify([k.seat, k.remote, k.type, k.class]);
  for (const s of sessions) counts.set(keyOf(s), (counts.get(keyOf(s)) ?? 0) + 1);
  const out: [SessionKey, number][] = [];
  for (const remote of REMOTE_VALUES) {
    for (const type of TYPE_VALUES) {
      for (const cls of CLASS_VALUES) {
        for (const seat of [...seats, ""]) {
          const k = { seat, remote, type, class: cls };
          out.push([k, counts.get(keyOf(k)) ?? 0]);
        }
      }
    }
  }
  return out;
}

export interface LogindOptions {
  busAddress: string;
}

/** A session's labels, or undefined when any of its properties cannot be read (upstream skips it). */
async function sessionKey(m: LogindManager, s: SessionEntry): Promise<SessionKey | undefined> {
  try {
    const [remote, type, cls] = await Promise.all([
      m.sessionProperty(s.path, "Remote"),
      m.sessionProperty(s.path, "Type"),
      m.sessionProperty(s.path, "Class"),
    ]);
    if (type.signature !== "s" || cls.signature !== "s") return undefined;
    return {
      seat: s.seatId,
      remote: String(remote.value),
      type: knownOrOther(type.value as string, TYPE_VALUES),
      class: knownOrOther(cls.value as string, CLASS_VALUES),
    };
  } catch {
    return undefined;
  }
}

export function createLogindCollector(_logger: Logger, options: LogindOptions): { update(out: FamilyBuilder): Promise<void> } {
  return {
    async update(out) {
      let conn: DbusConnection;
      try {
        conn = await DbusConnection.open(options.busAddress);
      } catch (err) {
        throw new Error(`unable to connect to dbus: ${(err as Error).message}`, { cause: err });
      }
      try {
        const m = new LogindManager(conn);
        let seats: string[];
        try {
          seats = await m.listSeats();
        } catch (err) {
          throw new Error(`unable to get seats: ${(err as Error).message}`, { cause: err });
        }
        let sessions: SessionEntry[];
        try {
          sessions = await m.listSessions();
        } catch (err) {
          throw new Error(`unable to get sessions: ${(err as Error).message}`, { cause: err });
        }
        const keys = (await Promise.all(sessions.map((s) => sessionKey(m, s)))).filter((k) => k !== undefined);
        for (const [k, count] of sessionSamples(seats, keys)) {
          out.add(LOGIND_SESSIONS, count, { seat: k.seat, remote: k.remote, type: k.type, class: k.class });
        }
      } finally {
        conn.close();
      }
    },
  };
}

export const logindCollector: CollectorDefinition = {
  name: "logind",
  create: ({ logger }) => createLogindCollector(logger, { busAddress: systemBusAddress() }),
};
