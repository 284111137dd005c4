// GET <prefix>/ and <prefix>/status: the web UI; ?q= filters its rows.

import type { Context } from "hono";
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
  return (c) =>
    new Response(
      renderStatusPage({
        groups: deps.store.groups(),
        flags: deps.flags,
        build: buildInfo(),
        startTimeMs: deps.startTimeMs,
        nowMs: deps.clock.now(),
        pathPrefix: deps.externalPathPrefix,
        ttlMs: deps.ttlMs,
        filter: c.req.query("q") ?? "",
      }),
      { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } },
    );
}
