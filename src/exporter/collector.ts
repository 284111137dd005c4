// The contract between the exporter's registry and each collector. Modelled on
// node_exporter's collector.Collector: one collector per file, registered in
// one explicit list (collector-list.ts) with its default-enabled flag.

import type { FlagTable, FlagValues, TypedFlagValues } from "../flags/flag-table.ts";
import type { Logger } from "../telemetry/logger.ts";
import type { FamilyBuilder } from "../metrics/family-builder.ts";
import type { Paths } from "./paths.ts";

/** A collector without options. */
export type NoOptions = Record<never, never>;

export interface CollectorContext<O extends FlagTable = NoOptions> {
  paths: Paths;
  /** The collector's own options (CollectorDefinition.options), typed. */
  options: TypedFlagValues<O>;
  /** The keys of the options the command line set (node_exporter's checks of deprecated flags need it). */
  optionsSet: ReadonlySet<keyof O & string>;
  /** Names of the enabled collectors (cpu leaves frequencies to cpufreq when that is on). */
  enabledCollectors: ReadonlySet<string>;
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

/**
 * A collector as its own file exports it; collector-list.ts says whether it
 * is on by default, and repeats its name, options and externalSeries for the
 * flag table (loadCollectors checks that they agree).
 */
export interface CollectorDefinition<O extends FlagTable = NoOptions> {
  name: string;
  /**
   * The collector's own option flags, e.g. collector.diskstats.device-exclude,
   * keyed by the name create() reads them by: ctx.options.deviceExclude.
   */
  options?: O;
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
  create(ctx: CollectorContext<O>): Collector;
}

/** Declares a collector; its options keep their kinds, so ctx.options is typed and a misspelt option fails type-checking. */
export function defineCollector<const O extends FlagTable = NoOptions>(definition: CollectorDefinition<O>): CollectorDefinition<O> {
  return definition;
}

/** Any collector, whatever its options, as the registry holds it. */
export type AnyCollectorDefinition = CollectorDefinition<any>;

/** What a helper of create() needs to read the collector's options. */
export type CollectorOptions<O extends FlagTable> = Pick<CollectorContext<O>, "options" | "optionsSet">;

/** Builds a collector with the options it declared, read from the parsed exporter flags. */
export function createCollector(
  definition: AnyCollectorDefinition,
  env: { paths: Paths; flags: FlagValues; enabledCollectors: ReadonlySet<string>; logger: Logger },
): Collector {
  const options = definition.options ?? {};
  return definition.create({
    paths: env.paths,
    options: env.flags.read(options),
    optionsSet: env.flags.setIn(options),
    enabledCollectors: env.enabledCollectors,
    logger: env.logger,
  });
}

export class NoDataError extends Error {
  constructor(message = "collector returned no data") {
    super(message);
    this.name = "NoDataError";
  }
}
