// The CORS headers Pushgateway's /api/v1 handlers set, and the OPTIONS
// handler that answers preflights on any /api/v1 path.

import type { Context } from "hono";

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type, Origin",
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Date",
  "Cache-Control": "no-cache, no-store, must-revalidate",
};

export function apiOptionsRoute(): (c: Context) => Response {
  return () => new Response(null, { status: 200, headers: { ...CORS_HEADERS } });
}

/** A JSON success answer of the /api/v1 envelope. */
export function apiSuccess(data: unknown): Response {
  return new Response(JSON.stringify({ status: "success", data }), {
    status: 200,
    headers: { ...CORS_HEADERS, "Content-Type": "application/json" },
  });
}

/** Go's time.Time JSON form (RFC 3339 with the fraction trimmed of zeros), in UTC. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, "Z").replace(/\.Z$/, "Z");
}
