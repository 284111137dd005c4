// The exporter's HTTP surface: /metrics (with collect[]/exclude[] filters,
// gzip and --web.max-requests), and a landing page. Built as a Hono app so
// tests drive it with app.request() and no sockets.

import { Hono } from "hono";
import type { Logger } from "../telemetry/logger.ts";
import { FamilyBuilder } from "../metrics/family-builder.ts";
import { describeGatherErrors, gatherChecked } from "../metrics/gather-check.ts";
import { TEXT_CONTENT_TYPE, writeFamilies } from "../metrics/text-writer.ts";
import type { MetricFamily } from "../metrics/types.ts";
import { collectBuildInfo } from "../telemetry/build-info.ts";
import { collectProcessMetrics } from "../telemetry/process-metrics.ts";
import { MetricHandlerStats } from "../telemetry/promhttp.ts";
import { buildInfo } from "../version.ts";
import { type ExporterRegistry, UnknownCollectorError } from "./registry.ts";
import { acceptsGzip } from "../http/accept-encoding.ts";
import { type ScrapeCollections, defaultScrapeCollections } from "./scrape-collections.ts";

export interface ExporterAppOptions {
  registry: ExporterRegistry;
  logger: Logger;
  telemetryPath: string;
  maxRequests: number;
  disableExporterMetrics: boolean;
  /** Garbage collection after scrapes (scrape-collections.ts); the real one when absent. */
  collections?: ScrapeCollections;
}

function landingPage(telemetryPath: string): string {
  const b = buildInfo();
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><title>Node Exporter</title></head>
<body>
<header><h1>Node Exporter</h1></header>
<main>
<h2>Prometheus Node Exporter (mon exporter)</h2>
<div>Version: (version=${b.version}, branch=${b.branch}, revision=${b.revision})</div>
<div><ul><li><a href="${telemetryPath}">Metrics</a></li></ul></div>
</main>
</body>
</html>
`;
}

// A scrape's response options, made once: Response copies them.
const TEXT_RESPONSE: ResponseInit = { status: 200, headers: { "Content-Type": TEXT_CONTENT_TYPE } };
const GZIP_RESPONSE: ResponseInit = { status: 200, headers: { "Content-Type": TEXT_CONTENT_TYPE, "Content-Encoding": "gzip" } };
const GZIP_OPTIONS = { level: 1 } as const;
const NO_NAMES: readonly string[] = Object.freeze([]);

/**
 * collect[] and exclude[] of a /metrics URL. Scrapers mostly send none:
 * then no URL and search parameters are parsed.
 */
function scrapeFilters(url: string): { filter: readonly string[]; exclude: readonly string[] } {
  if (!url.includes("?")) return { filter: NO_NAMES, exclude: NO_NAMES };
  const params = new URL(url).searchParams;
  return { filter: params.getAll("collect[]"), exclude: params.getAll("exclude[]") };
}

export function createExporterApp(opts: ExporterAppOptions): Hono {
  const app = new Hono();
  const stats = new MetricHandlerStats();
  const collections = opts.collections ?? defaultScrapeCollections();
  let inFlight = 0;

  app.get(opts.telemetryPath, async (c) => {
    if (opts.maxRequests > 0 && inFlight >= opts.maxRequests) {
      stats.begin();
      stats.end(503);
      return c.text(`Limit of concurrent requests reached (${opts.maxRequests}), try again later.\n`, 503);
    }
    inFlight++;
    stats.begin();
    let code = 200;
    try {
      const { filter, exclude } = scrapeFilters(c.req.url);
      let families: MetricFamily[];
      try {
        families = await opts.registry.collect(filter, exclude);
      } catch (err) {
        if (err instanceof UnknownCollectorError) {
          code = 400;
          opts.logger.warn("Couldn't create filtered metrics handler:", { err });
          return c.text(`Couldn't create filtered metrics handler: ${err.message}`, 400);
        }
        throw err;
      }
      // node_exporter serves Gatherers{exporter metrics, node registry}: its
      // own process and promhttp metrics come first, then build info and the
      // collectors. What the check refuses is logged and counted, and the
      // rest is served (promhttp.ContinueOnError).
      const own = new FamilyBuilder();
      if (!opts.disableExporterMetrics) {
        collectProcessMetrics(own);
        stats.collect(own);
      }
      collectBuildInfo(own, "node_exporter");
      const gathered = gatherChecked(own.build(), families);
      if (gathered.errors.length > 0) {
        stats.error("gathering");
        opts.logger.error(`error gathering metrics: ${describeGatherErrors(gathered.errors)}`);
        if (gathered.families.length === 0) {
          code = 500;
          return c.text(`An error has occurred while serving metrics:\n\n${describeGatherErrors(gathered.errors)}\n`, 500);
        }
      }
      const body = writeFamilies(gathered.families);
      if (acceptsGzip(c.req.header("Accept-Encoding"))) {
        // Level 1: a sixth of level 6's CPU for a ~35% larger body (12 KB
        // instead of 9 KB for a typical host), and CPU is what a scrape costs.
        // The string itself: gzipSync encodes it as UTF-8 without a Buffer copy first.
        return new Response(Bun.gzipSync(body, GZIP_OPTIONS), GZIP_RESPONSE);
      }
      return new Response(body, TEXT_RESPONSE);
    } catch (err) {
      code = 500;
      stats.error("gathering");
      opts.logger.error("error gathering metrics", { err });
      return c.text(`An error has occurred while serving metrics:\n\n${(err as Error).message}\n`, 500);
    } finally {
      inFlight--;
      if (!opts.disableExporterMetrics) stats.end(code);
      collections.afterScrape();
    }
  });

  app.get("/", (c) => c.html(landingPage(opts.telemetryPath)));
  return app;
}
