// GET <prefix><telemetry-path>: every pushed group merged with the gateway's
// own metrics; text 0.0.4 or delimited protobuf per Accept, gzip per
// Accept-Encoding. The store's merged families are stable objects until they
// change, so their text is cached per object and a scrape mostly
// concatenates.

import type { Context } from "hono";
import type { Logger } from "../../log/logger.ts";
import { negotiate } from "../../metrics/content-negotiation.ts";
import { FamilyBuilder } from "../../metrics/family-builder.ts";
import { encodeDelimited } from "../../metrics/protobuf-decoder.ts";
import { compareStrings, sortMetrics, writeFamily } from "../../metrics/text-writer.ts";
import type { MetricFamily } from "../../metrics/types.ts";
import type { GatewayStore } from "../store.ts";
import type { GatewayTelemetry } from "../telemetry.ts";
import { httpError } from "./respond.ts";

export interface MetricsRouteDeps {
  store: GatewayStore;
  telemetry: GatewayTelemetry;
  logger: Logger;
}

/** Merges the store's sorted families with the gateway's own; own HELP wins. Empty families are dropped. */
export function mergeWithOwn(pushed: readonly MetricFamily[], own: MetricFamily[]): MetricFamily[] {
  own.sort((a, b) => compareStrings(a.name, b.name));
  for (const f of own) sortMetrics(f.metrics);
  const out: MetricFamily[] = [];
  let i = 0;
  let j = 0;
  while (i < pushed.length || j < own.length) {
    const p = pushed[i];
    const o = own[j];
    if (o === undefined || (p !== undefined && p.name < o.name)) {
      if (p.metrics.length > 0) out.push(p);
      i++;
    } else if (p === undefined || o.name < p.name) {
      if (o.metrics.length > 0) out.push(o);
      j++;
    } else {
      const metrics = [...o.metrics, ...p.metrics];
      sortMetrics(metrics);
      if (metrics.length > 0) out.push({ name: o.name, help: o.help, type: o.type, metrics });
      i++;
      j++;
    }
  }
  return out;
}

/** Accept-Encoding allows gzip (with a non-zero q). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [enc, ...params] = part.trim().split(";");
    if (enc.trim().toLowerCase() !== "gzip") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const utf8 = new TextEncoder();

/** Concatenates byte chunks into one buffer of exactly their total length. */
function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function metricsRoute(deps: MetricsRouteDeps): (c: Context) => Response {
  const textCache = new WeakMap<MetricFamily, Uint8Array>();
  const familyText = (f: MetricFamily): Uint8Array => {
    let t = textCache.get(f);
    if (t === undefined) {
      t = utf8.encode(writeFamily(f));
      textCache.set(f, t);
    }
    return t;
  };
  return (c) => {
    const stats = deps.telemetry.scrapes;
    stats.begin();
    let status = 200;
    try {
      const own = new FamilyBuilder();
      deps.telemetry.collect(own);
      const families = mergeWithOwn(deps.store.families(), own.build());
      const { format, contentType } = negotiate(c.req.header("accept"));
      let body: Uint8Array;
      try {
        body = format === "protobuf-delimited" ? encodeDelimited(families) : concatBytes(families.map(familyText));
      } catch (err) {
        stats.error("encoding");
        throw err;
      }
      const headers: Record<string, string> = { "Content-Type": contentType };
      if (acceptsGzip(c.req.header("accept-encoding"))) {
        body = Bun.gzipSync(body);
        headers["Content-Encoding"] = "gzip";
      }
      return new Response(body, { status, headers });
    } catch (err) {
      status = 500;
      deps.logger.error("error gathering metrics", { err: (err as Error).message });
      return httpError(500, `An error has occurred while serving metrics:\n\n${(err as Error).message}`);
    } finally {
      stats.end(status);
    }
  };
}
