// PUT|POST <prefix>/metrics/job/<job>{/<label>/<value>}: push a group.
// PUT replaces the group's families, POST only the ones it names.

import type { Server } from "bun";
import type { Context } from "hono";
import type { NameValidation } from "../../metrics/metric-names.ts";
import type { Logger } from "../../telemetry/logger.ts";
import { GroupingKeyError, groupingKeyText, parseGroupingKey } from "../grouping-key.ts";
import { PushBodyError, type PushLimits, readPushBody } from "../push-body.ts";
import { LogUnavailableError, type MutationLog } from "../store/mutation-log.ts";
import type { Clock } from "../store/state.ts";
import type { GatewayTelemetry } from "../telemetry.ts";
import { empty, httpError, logUnavailable } from "./respond.ts";

export interface PushRouteDeps {
  log: MutationLog;
  clock: Clock;
  telemetry: GatewayTelemetry;
  logger: Logger;
  /** --push.disable-consistency-check: answer 202 without waiting for the verdict. */
  consistencyCheckDisabled: boolean;
  /** --push.max-body-bytes and --push.max-series; defaults when unset. */
  limits?: PushLimits;
  /** --push.enable-utf8-names: "utf8" (names in the URL and the body); default "legacy". */
  names?: NameValidation;
}

/** promhttp's computeApproximateRequestSize, the value of pushgateway_http_push_size_bytes. */
export function approximateRequestSize(req: Request, bodyLength: number): number {
  const url = new URL(req.url);
  let size = (url.pathname + url.search).length + req.method.length + "HTTP/1.1".length;
  req.headers.forEach((value, name) => {
    if (name.toLowerCase() === "host") return;
    size += name.length + value.length;
  });
  size += url.host.length;
  return size + bodyLength;
}

/** The client's address as ip:port, or "unknown" (in-process requests, systemd sockets). */
export function clientAddress(c: Context): string {
  const server = (c.env as { server?: Server<undefined> } | undefined)?.server;
  const ip = server?.requestIP?.(c.req.raw);
  if (!ip) return "unknown";
  return ip.family === "IPv6" ? `[${ip.address}]:${ip.port}` : `${ip.address}:${ip.port}`;
}

/** keyPath is the decoded path below <prefix>/metrics/, e.g. "job/a/instance/b". */
export function pushRoute(deps: PushRouteDeps): (c: Context, keyPath: string) => Promise<Response> {
  return async (c, keyPath) => {
    const started = performance.now();
    const method = c.req.method;
    let bodyLength = 0;
    let group = keyPath;
    // Every refusal is logged at warn with who sent it and for which group, so
    // that an operator can find the job that pushes garbage.
    const refused = (msg: string, status: number, err: string) =>
      deps.logger.warn(msg, { source: clientAddress(c), method, group, status, err });
    try {
      const key = parseGroupingKey(keyPath, deps.names);
      if (!key) return httpError(404, "404 page not found");
      group = groupingKeyText(key);
      // Text bodies: the parser validates names as Pushgateway 1.11's does
      // (legacy or UTF-8). Protobuf names are checked by the store.
      const body = await readPushBody(c.req.raw, deps.limits, deps.names ?? "legacy");
      bodyLength = body.rawBytes;
      const families = body.families;
      const outcome = await deps.log.submit({ kind: "push", atMs: deps.clock.now(), key, families, replace: method === "PUT" });
      if (!outcome.ok) {
        const message = `pushed metrics are invalid or inconsistent with existing metrics: ${outcome.error}`;
        const status = deps.consistencyCheckDisabled ? 202 : 400;
        refused("pushed metrics are invalid or inconsistent with existing metrics", status, outcome.error);
        return status === 202 ? empty(202) : httpError(400, message);
      }
      return empty(deps.consistencyCheckDisabled ? 202 : 200);
    } catch (err) {
      if (err instanceof LogUnavailableError) return logUnavailable(err);
      if (err instanceof GroupingKeyError || err instanceof PushBodyError) {
        const status = err instanceof PushBodyError ? err.status : 400;
        refused("push refused", status, err.message);
        return httpError(status, err.message);
      }
      throw err;
    } finally {
      deps.telemetry.observePush(method, (performance.now() - started) / 1000, approximateRequestSize(c.req.raw, bodyLength));
    }
  };
}
