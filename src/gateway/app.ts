// The gateway's HTTP surface as a Hono app (start.ts serves it, tests call
// app.request()). Routing follows Pushgateway's routers (httprouter): paths
// are matched after percent-decoding, a known path with a wrong method gets
// 405 with Allow, OPTIONS on a known path 200 with Allow, unknown paths 404;
// under /api/v1 every path answers OPTIONS (CORS preflight).
//
// Each path is registered once on Hono's router with a table of its methods
// rather than once per method: Hono has no 405 of its own, and it runs GET
// handlers for HEAD, which the reference answers with 405. One handler per
// path also keeps a push on Hono's single-handler fast path.

import { type Context, Hono } from "hono";
import type { Logger } from "../telemetry/logger.ts";
import { silentLogger } from "../telemetry/logger.ts";
import { computeRoutePrefix } from "./flags.ts";
import { GroupingKeyError, decodeUrlPath } from "./grouping-key.ts";
import { adminWipeRoute } from "./routes/admin-wipe.ts";
import { apiOptionsRoute } from "./routes/api-cors.ts";
import { apiMetricsRoute } from "./routes/api-metrics.ts";
import { apiStatusRoute } from "./routes/api-status.ts";
import { deleteRoute } from "./routes/delete.ts";
import { healthRoute } from "./routes/health.ts";
import { metricsRoute } from "./routes/metrics.ts";
import type { PushLimits } from "./push-body.ts";
import { pushRoute } from "./routes/push.ts";
import { quitRoute, quitWrongMethodRoute } from "./routes/quit.ts";
import { httpError } from "./routes/respond.ts";
import { uiRoute } from "./routes/ui.ts";
import { DirectLog, type MutationLog } from "./store/mutation-log.ts";
import { type Clock, GatewayStore, systemClock } from "./store/state.ts";
import { GatewayTelemetry } from "./telemetry.ts";

export interface GatewayAppDeps {
  store?: GatewayStore;
  /** Where pushes, deletes and wipes go; by default straight to the store. */
  log?: MutationLog;
  telemetry?: GatewayTelemetry;
  clock?: Clock;
  logger?: Logger;
  /** --web.route-prefix as given; combined with externalUrl as Pushgateway does. */
  routePrefix?: string;
  /** --web.external-url. */
  externalUrl?: string;
  /** --web.telemetry-path. */
  telemetryPath?: string;
  /** --push.ttl in ms; 0 or unset: none. The web page marks groups older than this stale. */
  ttlMs?: number;
  lifecycleEnabled?: boolean;
  adminApiEnabled?: boolean;
  consistencyCheckDisabled?: boolean;
  /**
   * --push.enable-utf8-names: names beyond the legacy charset in push URLs
   * (U__ escaping) and bodies. A store passed in must be built with the same
   * choice (StoreOptions.nameValidation).
   */
  utf8Names?: boolean;
  /** --push.max-body-bytes, --push.max-series; defaults when unset. */
  pushLimits?: PushLimits;
  /** Flags for the status API and page. */
  flags?: Record<string, string>;
  startTimeMs?: number;
  /** What PUT|POST /-/quit calls when the lifecycle API is on. */
  requestShutdown?: () => void;
  /**
   * Set on a cluster replica: /metrics then serves only the pushed groups
   * (identical on every replica), /metrics/self only the replica's own
   * metrics, and /-/ready waits for ready().
   */
  cluster?: { ready(): boolean };
  /** Told after every handled request, and of scrape body sizes; see memory-pacer.ts. */
  pacer?: { activity(): void; allocated(bytes: number): void };
}

type Handler = (c: Context) => Response | Promise<Response>;

interface MethodHandler {
  handle: Handler;
  /** The handler label of pushgateway_http_requests_total; unset: not counted. */
  counted?: string;
}

type Methods = Record<string, MethodHandler>;

/** path.Join of Go for two absolute-ish parts. */
function joinPath(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, "/");
  return joined.length > 1 && joined.endsWith("/") ? joined.slice(0, -1) : joined;
}

function allowHeader(methods: Methods): string {
  return [...Object.keys(methods).filter((m) => m !== "OPTIONS"), "OPTIONS"].sort().join(", ");
}

/** The path of a request URL as sent, still percent-encoded. */
function rawPath(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start === -1) return "/";
  const query = url.indexOf("?", start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

// Where getPath sends a path whose percent-encoding is broken. A lone
// surrogate cannot come out of a URL (ASCII) nor out of decodeUrlPath (strict
// UTF-8), so no real path reaches this route.
const UNDECODABLE_PATH = "/\uD800";

/**
 * Hono routes on this path: percent-decoded as Go's server does before
 * routing, so that %2F separates segments as in the reference (Hono's own
 * decoding keeps %2F).
 */
function routingPath(req: Request): string {
  try {
    return decodeUrlPath(rawPath(req.url));
  } catch {
    return UNDECODABLE_PATH;
  }
}

/** Go's server refuses such a URL before any handler runs, with this text. */
function undecodablePath(c: Context): Response {
  try {
    decodeUrlPath(rawPath(c.req.url));
  } catch (err) {
    if (err instanceof GroupingKeyError) return httpError(400, `400 Bad Request: ${err.message}`);
    throw err;
  }
  return httpError(404, "404 page not found");
}

/** Builds the gateway app; every dependency has a default so tests set only what they need. */
export function createGatewayApp(deps: GatewayAppDeps = {}): Hono {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const telemetry = deps.telemetry ?? new GatewayTelemetry({ ttlEnabled: false });
  const names = deps.utf8Names ? "utf8" : "legacy";
  const store = deps.store ?? new GatewayStore({ clock, reserved: telemetry.reservedFamilies(), nameValidation: names });
  const prefix = computeRoutePrefix(deps.routePrefix ?? "", deps.externalUrl ?? "");
  const externalPathPrefix = computeRoutePrefix("", deps.externalUrl ?? "");
  const flags = deps.flags ?? {};
  const startTimeMs = deps.startTimeMs ?? clock.now();

  const log = deps.log ?? new DirectLog(store);
  const push = pushRoute({
    log,
    clock,
    telemetry,
    logger,
    consistencyCheckDisabled: deps.consistencyCheckDisabled ?? false,
    limits: deps.pushLimits,
    names,
  });
  const del = deleteRoute({ log, clock, logger, names });
  const health = healthRoute();
  const ready = deps.cluster ? healthRoute(() => deps.cluster?.ready() ?? true) : health;
  const ui = uiRoute({ store, clock, flags, startTimeMs, externalPathPrefix, ttlMs: deps.ttlMs ?? 0 });
  const quit = quitRoute({
    lifecycleEnabled: deps.lifecycleEnabled ?? false,
    logger,
    requestShutdown: deps.requestShutdown ?? (() => {}),
  });
  const apiOptions: MethodHandler = { handle: apiOptionsRoute(), counted: "api/v1/options" };
  const metricsBase = `${prefix}/metrics/`;
  const keyPath = (c: Context) => c.req.path.slice(metricsBase.length);
  const pushMethods: Methods = {
    PUT: { handle: (c) => push(c, keyPath(c)), counted: "push" },
    POST: { handle: (c) => push(c, keyPath(c)), counted: "push" },
    DELETE: { handle: (c) => del(c, keyPath(c)), counted: "delete" },
  };

  // Paths with exactly these methods; a path given twice (the telemetry path
  // may be any) keeps both method sets, as the reference's router does.
  const exact = new Map<string, Methods>();
  const add = (path: string, methods: Methods) => exact.set(path, { ...exact.get(path), ...methods });
  add(`${prefix}/-/healthy`, { GET: { handle: health, counted: "healthy" } });
  add(`${prefix}/-/ready`, { GET: { handle: ready, counted: "ready" } });
  add(`${prefix}/-/quit`, { PUT: { handle: quit }, POST: { handle: quit } });
  add("/-/quit", { GET: { handle: quitWrongMethodRoute() } });
  add(`${prefix}/`, { GET: { handle: ui, counted: "status" } });
  add(`${prefix}/status`, { GET: { handle: ui, counted: "status" } });
  add(joinPath(prefix, deps.telemetryPath ?? "/metrics"), {
    GET: { handle: metricsRoute({ store, telemetry, logger, pacer: deps.pacer, serve: deps.cluster ? "pushed" : "all" }) },
  });
  if (deps.cluster) add(`${prefix}/metrics/self`, { GET: { handle: metricsRoute({ store, telemetry, logger, serve: "own" }) } });

  const apiBase = `${prefix}/api/v1`;
  add(`${apiBase}/status`, { GET: { handle: apiStatusRoute({ flags, startTimeMs }), counted: "api/v1/status" }, OPTIONS: apiOptions });
  add(`${apiBase}/metrics`, { GET: { handle: apiMetricsRoute({ store }), counted: "api/v1/metrics" }, OPTIONS: apiOptions });
  if (deps.adminApiEnabled) {
    add(`${apiBase}/admin/wipe`, { PUT: { handle: adminWipeRoute({ log, clock, logger }), counted: "wipe" }, OPTIONS: apiOptions });
  }

  const byMethod = (methods: Methods): Handler => {
    const allow = allowHeader(methods);
    const allowed = Object.keys(methods).some((m) => m !== "OPTIONS");
    return async (c) => {
      // The method as sent: Hono hands HEAD to GET routes, the reference has no HEAD routes.
      const method = c.req.raw.method;
      const h = methods[method];
      if (h) {
        const res = await h.handle(c);
        if (h.counted) telemetry.countRequest(h.counted, res.status, method);
        deps.pacer?.activity();
        return res;
      }
      if (!allowed) return httpError(404, "404 page not found");
      if (method === "OPTIONS") return new Response(null, { status: 200, headers: { Allow: allow } });
      return httpError(405, "Method Not Allowed", { Allow: allow });
    };
  };

  const app = new Hono({ getPath: routingPath });
  const notFound: Handler = (c) => {
    if (c.req.raw.method === "GET" && prefix !== "" && c.req.path === prefix) {
      return new Response(null, { status: 301, headers: { Location: `${prefix}/` } });
    }
    return httpError(404, "404 page not found");
  };
  app.notFound(notFound);
  app.all(UNDECODABLE_PATH, undecodablePath);
  for (const [path, methods] of exact) app.all(path, byMethod(methods));
  // Hono's "/x/*" also matches "/x", which httprouter's catch-all "/x/*rest"
  // does not: those bare paths are registered first as unknown.
  const below = (base: string, handler: Handler) => {
    app.all(base, notFound);
    app.all(`${base}/*`, handler);
  };
  // httprouter's trailing-slash redirect, which Pushgateway (1.5.1 to
  // 1.11.3: the same routes, the same httprouter) gives an empty job: 307 to
  // the path without the slash, which then answers 404. Only for job/ and
  // the push methods; job@base64/ and other methods get 404.
  app.all(`${metricsBase}job/`, (c) => {
    const method = c.req.raw.method;
    if (method !== "PUT" && method !== "POST" && method !== "DELETE") return notFound(c);
    return new Response(null, { status: 307, headers: { Location: `${metricsBase}job${new URL(c.req.url).search}` } });
  });
  app.all(`${metricsBase}job@base64/`, notFound);
  below(`${metricsBase}job`, byMethod(pushMethods));
  below(`${metricsBase}job@base64`, byMethod(pushMethods));
  below(apiBase, byMethod({ OPTIONS: apiOptions }));
  app.onError((err, c) => {
    logger.error("internal error serving request", { path: c.req.path, err: err.message });
    return httpError(500, "Internal Server Error");
  });
  return app;
}
