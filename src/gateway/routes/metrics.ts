// GET <prefix><telemetry-path>: every pushed group merged with the gateway's
// own metrics; text 0.0.4 or delimited protobuf per Accept (names beyond the
// legacy charset escaped unless the scraper allows UTF-8), gzip per
// Accept-Encoding. The store's merged families (views) are stable objects
// until they change, so their text is cached per view and a scrape mostly
// concatenates.

import type { Context } from "hono";
import type { Logger } from "../../telemetry/logger.ts";
import { negotiate } from "../../metrics/content-negotiation.ts";
import { FamilyBuilder } from "../../metrics/family-builder.ts";
import { type EscapingScheme, escapeFamily } from "../../metrics/metric-names.ts";
import { encodeDelimited } from "../../metrics/protobuf-decoder.ts";
import { compareStrings, sortMetrics, writeFamily } from "../../metrics/text-writer.ts";
import type { MetricFamily } from "../../metrics/types.ts";
import type { FamilyView } from "../store/merged-view.ts";
import type { GatewayStore } from "../store/state.ts";
import type { GatewayTelemetry } from "../telemetry.ts";
import { httpError } from "./respond.ts";
import { acceptsGzip } from "../../http/accept-encoding.ts";

export interface MetricsRouteDeps {
  store: GatewayStore;
  telemetry: GatewayTelemetry;
  logger: Logger;
  /** Told how large each body was: a scrape's garbage grows with it (see memory-pacer.ts). */
  pacer?: { allocated(bytes: number): void };
  /**
   * What to serve: everything (a single node), only the pushed groups (a
   * cluster replica's /metrics, the same on every replica), or only the
   * gateway's own metrics (a cluster replica's /metrics/self).
   */
  serve?: "all" | "pushed" | "own";
}

/** A family to expose: a store view (its text is cached) or one built for this scrape. */
export type ExposedFamily = FamilyView | MetricFamily;

function isView(f: ExposedFamily): f is FamilyView {
  return typeof (f as FamilyView).family === "function";
}

/** Merges the store's sorted families with the gateway's own; own HELP wins. Empty families are dropped. */
export function mergeWithOwn(pushed: readonly FamilyView[], own: MetricFamily[]): ExposedFamily[] {
  own.sort((a, b) => compareStrings(a.name, b.name));
  for (const f of own) sortMetrics(f.metrics);
  const out: ExposedFamily[] = [];
  let i = 0;
  let j = 0;
  while (i < pushed.length || j < own.length) {
    const p = pushed[i];
    const o = own[j];
    if (o === undefined || (p !== undefined && p.name < o.name)) {
      if (p.size > 0) out.push(p);
      i++;
    } else if (p === undefined || o.name < p.name) {
      if (o.metrics.length > 0) out.push(o);
      j++;
    } else {
      const metrics = [...o.metrics, ...p.family().metrics];
      sortMetrics(metrics);
      if (metrics.length > 0) out.push({ name: o.name, help: o.help, type: o.type, metrics });
      i++;
      j++;
    }
  }
  return out;
}

const utf8 = new TextEncoder();

/** Concatenates byte chunks into one buffer of exactly their total length. */
function concatBytes(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
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
  // Whether a view holds a name beyond the legacy charset, decided once per
  // view: only such families differ between escaping schemes, so the others
  // keep one cached text and are never scanned again.
  const utf8Views = new WeakMap<FamilyView, boolean>();
  const hasUtf8Names = (v: FamilyView): boolean => {
    let has = utf8Views.get(v);
    if (has === undefined) {
      const family = v.family();
      has = escapeFamily(family, "underscores") !== family;
      utf8Views.set(v, has);
    }
    return has;
  };
  const exposed = (f: ExposedFamily, escaping: EscapingScheme): MetricFamily => {
    if (!isView(f)) return escapeFamily(f, escaping);
    return hasUtf8Names(f) ? escapeFamily(f.family(), escaping) : f.family();
  };
  const textCache = new WeakMap<FamilyView, Map<EscapingScheme, Uint8Array>>();
  const familyText = (f: ExposedFamily, escaping: EscapingScheme): Uint8Array => {
    if (!isView(f)) return utf8.encode(writeFamily(escapeFamily(f, escaping)));
    const scheme = hasUtf8Names(f) ? escaping : "allow-utf-8";
    let texts = textCache.get(f);
    if (texts === undefined) {
      texts = new Map();
      textCache.set(f, texts);
    }
    let t = texts.get(scheme);
    if (t === undefined) {
      t = utf8.encode(writeFamily(exposed(f, scheme)));
      texts.set(scheme, t);
    }
    return t;
  };
  return (c) => {
    const stats = deps.telemetry.scrapes;
    stats.begin();
    let status = 200;
    try {
      const serve = deps.serve ?? "all";
      const own = new FamilyBuilder();
      if (serve !== "pushed") deps.telemetry.collect(own);
      const families = mergeWithOwn(serve === "own" ? [] : deps.store.familyViews(), own.build());
      // A scraper that does not say escaping=allow-utf-8 gets UTF-8 names
      // escaped (underscores unless it names a scheme), as promhttp does.
      const { format, contentType, escaping } = negotiate(c.req.header("accept"));
      let body: Uint8Array<ArrayBuffer>;
      try {
        body =
          format === "protobuf-delimited"
            ? encodeDelimited(families.map((f) => exposed(f, escaping)))
            : concatBytes(families.map((f) => familyText(f, escaping)));
      } catch (err) {
        stats.error("encoding");
        throw err;
      }
      // The body, the texts of the gateway's own families and the arrays around them.
      deps.pacer?.allocated(2 * body.length);
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
