// GET <prefix>/ and <prefix>/status: the web UI.

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
}

export function uiRoute(deps: UiRouteDeps): (c: Context) => Response {
  return () =>
    new Response(
      renderStatusPage({
        groups: deps.store.groups(),
        flags: deps.flags,
        build: buildInfo(),
        startTimeMs: deps.startTimeMs,
        nowMs: deps.clock.now(),
        pathPrefix: deps.externalPathPrefix,
      }),
      { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } },
    );
}
