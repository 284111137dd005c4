// The contract between the exporter's registry and each collector. Modelled on
// node_exporter's collector.Collector: one collector per file, registered in
// one explicit list (collector-list.ts) with its default-enabled flag.

import type { FlagSpec, FlagValues } from "../flags/flag-table.ts";
import type { Logger } from "../log/logger.ts";
import type { FamilyBuilder } from "../metrics/family-builder.ts";
import type { Paths } from "./paths.ts";

export interface CollectorContext {
  paths: Paths;
  /** All parsed exporter flags; a collector reads its own options here. */
  flags: FlagValues;
  logger: Logger;
}

export interface Collector {
  /**
   * Adds this scrape's metrics. Throwing fails only this collector:
   * node_scrape_collector_success{collector} becomes 0 and the error is
   * logged. Throw NoDataError where node_exporter returns ErrNoData (the
   * source is absent on this host): success is 0 too, but it logs at debug.
   */
  update(out: FamilyBuilder): void | Promise<void>;
}

/** A collector as its own file exports it; registry.ts says whether it is on by default. */
export interface CollectorDefinition {
  name: string;
  /** The collector's own option flags, e.g. collector.diskstats.device-exclude. */
  flags?: FlagSpec[];
  /**
   * The series come from outside mon (files an operator writes), not from a
   * declaration: they are gathered after every other collector's, so that a
   * file can never shadow or repeat a collector's series.
   */
  externalSeries?: boolean;
  /**
   * Builds the collector once at start-up. Throwing here (bad regex, missing
   * required option) stops the exporter with a clear error, as node_exporter does.
   */
  create(ctx: CollectorContext): Collector;
}

export class NoDataError extends Error {
  constructor(message = "collector returned no data") {
    super(message);
    this.name = "NoDataError";
  }
}
