// Wraps a mode's fetch handler with what a web config file asks of every
// request: the configured response headers and basic auth, on every route,
// as exporter-toolkit's webHandler does.
//
// Upstream re-reads and re-parses the file on every request, so that edits
// (a new user, a changed password) apply at once. Here the file is stat'ed
// per request and re-read only when it changed: the same effect without a
// YAML parse per scrape. As upstream, a file that has become unreadable or
// invalid answers 500 until it is fixed. The TLS section is the exception:
// Bun cannot change a listener's TLS settings, so a change there is logged
// and takes effect on restart.

import { type Stats, statSync } from "node:fs";
import type { Server } from "bun";
import type { Logger } from "../telemetry/logger.ts";
import { BasicAuthChecker, unauthorizedResponse } from "./basic-auth.ts";
import { type WebConfig, loadWebConfig } from "./web-config.ts";

export type FetchHandler = (req: Request, server: Server<undefined>) => Response | Promise<Response>;

function signature(st: Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/** The config file as of the last request, re-read when it changed on disk. */
export class WebConfigSource {
  private sig: string;
  private state: WebConfig | Error;
  private readonly startedTls: string;

  constructor(
    private readonly file: string,
    initial: WebConfig,
    private readonly logger: Logger,
    private readonly load: (file: string) => WebConfig = loadWebConfig,
  ) {
    this.state = initial;
    this.startedTls = JSON.stringify(initial.tls);
    this.sig = this.stat();
  }

  private stat(): string {
    try {
      return signature(statSync(this.file));
    } catch (err) {
      return `error:${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
    }
  }

  /** The current config, or the error that makes it unusable. */
  current(): WebConfig | Error {
    const sig = this.stat();
    if (sig === this.sig) return this.state;
    this.sig = sig;
    try {
      this.state = this.load(this.file);
      this.logger.info("web config file reloaded", { file: this.file });
      if (JSON.stringify(this.state.tls) !== this.startedTls) {
        this.logger.warn("tls_server_config changed; restart to apply it", { file: this.file });
      }
    } catch (err) {
      this.state = err as Error;
      this.logger.error("Unable to parse configuration", { err: (err as Error).message });
    }
    return this.state;
  }
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  const names = Object.keys(headers);
  if (names.length === 0) return res;
  try {
    // As in Go, the handler's own value for a header wins.
    for (const name of names) if (!res.headers.has(name)) res.headers.set(name, headers[name]);
    return res;
  } catch {
    // Immutable headers (a Response that came from fetch): copy it.
    const copy = new Response(res.body, res);
    for (const name of names) if (!copy.headers.has(name)) copy.headers.set(name, headers[name]);
    return copy;
  }
}

export function withWebConfig(handler: FetchHandler, source: WebConfigSource, auth = new BasicAuthChecker()): FetchHandler {
  return async (req, server) => {
    const config = source.current();
    if (config instanceof Error) {
      return new Response("Internal Server Error\n", {
        status: 500,
        headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
      });
    }
    const headers = config.http.headers;
    if (config.users.size > 0 && !(await auth.allowed(req.headers.get("Authorization"), config.users))) {
      return unauthorizedResponse(headers);
    }
    return withHeaders(await handler(req, server), headers);
  };
}
