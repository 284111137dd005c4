// GET <prefix>/ and <prefix>/status: the web UI; ?q= filters its rows.

import type { Context } from "hono";
import { acceptsGzip } from "../../http/accept-encoding.ts";
import { buildInfo } from "../../version.ts";
import type { Clock, GatewayStore } from "../store/state.ts";
import { renderStatusPage } from "../ui/status-page.ts";

export interface UiRouteDeps {
  store: GatewayStore;
  clock: Clock;
  flags: Record<string, string>;
  startTimeMs: number;
  /** The path of --web.external-url, for links; "" makes them relative. */
  externalPathPrefix: string;
  /** --push.ttl in ms, 0 when unset; marks groups older than this stale. */
  ttlMs: number;
}

export function uiRoute(deps: UiRouteDeps): (c: Context) => Response {
  return (c) => {
    const page = renderStatusPage({
      groups: deps.store.groups(),
      flags: deps.flags,
      build: buildInfo(),
      startTimeMs: deps.startTimeMs,
      nowMs: deps.clock.now(),
      pathPrefix: deps.externalPathPrefix,
      ttlMs: deps.ttlMs,
      filter: c.req.query("q") ?? "",
    });
    const headers: Record<string, string> = { "Content-Type": "text/html; charset=utf-8" };
    // About 2 KB a group, and very repetitive: gzip makes a 2,000-group page 40 times smaller (3.8 MB to 90 KB).
    if (!acceptsGzip(c.req.header("accept-encoding"))) return new Response(page, { status: 200, headers });
    headers["Content-Encoding"] = "gzip";
    return new Response(Bun.gzipSync(new TextEncoder().encode(page)), { status: 200, headers });
  };
}
