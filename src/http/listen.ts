// Listening the way exporter-toolkit's web.ListenAndServe does for the
// reference programs: --web.listen-address values as Go's net.Listen takes
// them (":9100", "host:port", "[::1]:9100"), several at once, or the sockets
// of systemd socket activation (--web.systemd-socket); TLS and basic auth from
// --web.config.file; a graceful stop. Both modes listen through listenWeb.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server, TLSOptions } from "bun";
import type { Logger } from "../telemetry/logger.ts";
import { pipeInheritedSocket, takeActivationFds } from "./systemd-socket.ts";
import { type ServeTls, serveTlsOptions } from "./tls-options.ts";
import { loadWebConfig } from "./web-config.ts";
import { type FetchHandler, WebConfigSource, withWebConfig } from "./web-handler.ts";

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
  servers: Server<undefined>[];
  /** host:port of every listener (the real port when 0 was asked for), or "systemd socket fd N". */
  addresses: string[];
  /**
   * Stops accepting, lets in-flight requests finish, then resolves; with
   * abortInFlight, closes their connections instead of waiting for them.
   */
  stop(opts?: { abortInFlight?: boolean }): Promise<void>;
}

function hostPort(s: Server<undefined>): string {
  return `${s.hostname?.includes(":") ? `[${s.hostname}]` : s.hostname}:${s.port}`;
}

interface ServeOptions {
  tls?: TLSOptions;
  http2: boolean;
}

/**
 * An HTTP/1.0 request may come without a Host header (a load balancer's
 * health check, `printf 'GET /-/healthy HTTP/1.0\r\n\r\n' | nc`). Bun
 * then hands over a bare path as req.url, which no URL parser accepts; Go
 * serves such a request with an empty Host. Here it gets the listener's own
 * address as its host, so routing sees an ordinary absolute URL.
 */
export function withHostFallback(fetch: FetchHandler, tls: boolean): FetchHandler {
  return (req, server) => {
    if (!req.url.startsWith("/")) return fetch(req, server);
    const host = server.hostname ? `${server.hostname.includes(":") ? `[${server.hostname}]` : server.hostname}:${server.port}` : "localhost";
    return fetch(new Request(`${tls ? "https" : "http"}://${host}${req.url}`, req), server);
  };
}

function serveOn(where: { hostname: string; port: number } | { unix: string }, fetch: FetchHandler, opts: ServeOptions): Server<undefined> {
  return Bun.serve({
    ...where,
    fetch: withHostFallback(fetch, opts.tls !== undefined),
    idleTimeout: 60,
    ...(opts.tls ? { tls: opts.tls } : {}),
    // Bun's HTTP/2 (offered through ALPN) only with TLS, as in Go: no h2c.
    ...(opts.tls && opts.http2 ? { http2: true } : {}),
  } as Parameters<typeof Bun.serve>[0]);
}

function listenAddresses(addresses: readonly string[], fetch: FetchHandler, opts: ServeOptions): Listening {
  const servers: Server<undefined>[] = [];
  try {
    for (const text of addresses) {
      const addr = parseListenAddress(text);
      try {
        servers.push(serveOn({ hostname: addr.hostname, port: addr.port }, fetch, opts));
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
    addresses: servers.map(hostPort),
    stop: async (opts) => {
      await Promise.all(servers.map((s) => s.stop(opts?.abortInFlight === true)));
    },
  };
}

function listenSystemd(fetch: FetchHandler, opts: ServeOptions): Listening {
  const fds = takeActivationFds();
  if (fds.length === 0) throw new Error("no socket activation file descriptors found");
  const dir = mkdtempSync(join(tmpdir(), "mon-web-"));
  const unix = join(dir, "http.sock");
  let server: Server<undefined> | undefined;
  const pipes: ReturnType<typeof pipeInheritedSocket>[] = [];
  try {
    server = serveOn({ unix }, fetch, opts);
    for (const fd of fds) pipes.push(pipeInheritedSocket(fd, unix));
  } catch (err) {
    for (const p of pipes) p.stop();
    server?.stop(true);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const inner = server;
  return {
    servers: [inner],
    addresses: fds.map((fd) => `systemd socket fd ${fd}`),
    stop: async (opts) => {
      for (const p of pipes) p.stop();
      await inner.stop(opts?.abortInFlight === true);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface WebListenOptions {
  /** --web.listen-address values; ignored with systemdSocket. */
  listenAddresses: readonly string[];
  /** --web.systemd-socket. */
  systemdSocket: boolean;
  /** --web.config.file; "" for none. */
  webConfigFile: string;
  logger: Logger;
}

/**
 * Loads and checks the web config file, then listens. Throws, naming the file
 * and the setting, when the file is bad or asks for what mon cannot do.
 */
export function listenWeb(opts: WebListenOptions, fetch: FetchHandler): Listening {
  let handler = fetch;
  let tls: ServeTls | undefined;
  if (opts.webConfigFile !== "") {
    const file = opts.webConfigFile;
    const config = loadWebConfig(file);
    try {
      tls = serveTlsOptions(config.tls, config.http.http2);
    } catch (err) {
      throw new Error(`web config file ${file}: ${(err as Error).message}`, { cause: err });
    }
    handler = withWebConfig(fetch, new WebConfigSource(file, config, opts.logger));
  }
  const serveOpts: ServeOptions = { tls: tls?.tls, http2: tls?.http2 ?? false };
  let listening: Listening;
  if (opts.systemdSocket) {
    opts.logger.info("Listening on systemd activated listeners instead of port listeners.");
    listening = listenSystemd(handler, serveOpts);
  } else {
    listening = listenAddresses(opts.listenAddresses, handler, serveOpts);
  }
  for (const address of listening.addresses) {
    if (tls) opts.logger.info("TLS is enabled.", { http2: tls.http2, address });
    else opts.logger.info("TLS is disabled.", { http2: false, address });
  }
  return listening;
}
