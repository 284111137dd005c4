// Listening the way Go's net.Listen does for the reference programs'
// --web.listen-address values (":9100", "host:port", "[::1]:9100"), on
// several addresses at once, with a graceful stop.

import type { Server } from "bun";

export interface ListenAddress {
  hostname: string;
  port: number;
  /** The address as the operator wrote it, for log lines. */
  text: string;
}

export function parseListenAddress(text: string): ListenAddress {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d+)$/.exec(text);
  if (!m) throw new Error(`invalid listen address "${text}": want host:port, :port or [ipv6]:port`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`invalid listen address "${text}": port ${port} out of range`);
  const host = m[1] ?? m[2] ?? "";
  // An empty host means every interface, IPv4 and IPv6, as in Go.
  return { hostname: host === "" ? "::" : host, port, text };
}

export interface Listening {
  servers: Server[];
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  stop(): Promise<void>;
}

export function listenAll(
  addresses: readonly string[],
  fetch: (req: Request, server: Server) => Response | Promise<Response>,
): Listening {
  const servers: Server[] = [];
  try {
    for (const text of addresses) {
      const addr = parseListenAddress(text);
      try {
        servers.push(Bun.serve({ hostname: addr.hostname, port: addr.port, fetch, idleTimeout: 60 }));
      } catch (err) {
        throw new Error(`cannot listen on ${addr.text}: ${(err as Error).message}`, { cause: err });
      }
    }
  } catch (err) {
    for (const s of servers) s.stop(true);
    throw err;
  }
  return {
    servers,
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop(false)));
    },
  };
}

/** Resolves on the first SIGTERM or SIGINT. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once("SIGTERM", on("SIGTERM"));
    process.once("SIGINT", on("SIGINT"));
  });
}
