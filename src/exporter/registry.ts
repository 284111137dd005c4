// Runs the enabled collectors for one scrape and adds node_exporter's
// per-collector scrape metrics. A collector's failure never fails the scrape:
// it sets success{collector} to 0 and is logged.

import type { FlagValues } from "../flags/flag-table.ts";
import type { Logger } from "../telemetry/logger.ts";
import { FamilyBuilder } from "../metrics/family-builder.ts";
import { metricDesc } from "../metrics/metric-desc.ts";
import type { MetricFamily } from "../metrics/types.ts";
import { type AnyCollectorDefinition, type Collector, NoDataError, createCollector } from "./collector.ts";
import type { RegisteredCollector } from "./collector-list.ts";
import { EXPORTER_FLAGS, collectorEnableFlag } from "./flags.ts";
import type { Paths } from "./paths.ts";

export class UnknownCollectorError extends Error {}

const SCRAPE_DURATION = metricDesc(
  "node_scrape_collector_duration_seconds",
  "gauge",
  "node_exporter: Duration of a collector scrape.",
  ["collector"],
);
const SCRAPE_SUCCESS = metricDesc(
  "node_scrape_collector_success",
  "gauge",
  "node_exporter: Whether a collector succeeded.",
  ["collector"],
);

interface CollectorResult {
  instance: Instance;
  families: FamilyBuilder;
  seconds: number;
  ok: boolean;
}

interface Instance {
  name: string;
  collector: Collector;
  externalSeries: boolean;
}

/** The names of the collectors the flags enable, honouring --collector.disable-defaults. */
export function enabledCollectorNames(collectors: readonly RegisteredCollector[], flags: FlagValues): string[] {
  const disableDefaults = flags.get(EXPORTER_FLAGS.disableDefaults);
  return collectors
    .filter((c) => {
      const flag = collectorEnableFlag(c);
      if (flags.isSet(flag)) return flags.get(flag);
      return disableDefaults ? false : c.defaultEnabled;
    })
    .map((c) => c.name)
    .sort();
}

/**
 * Imports the named collectors' modules (collector-list.ts says why only
 * those), checking that each definition agrees with its registration.
 */
export async function loadCollectors(
  collectors: readonly RegisteredCollector[],
  names: readonly string[],
): Promise<Map<string, AnyCollectorDefinition>> {
  const loaded = new Map<string, AnyCollectorDefinition>();
  for (const name of names) {
    const reg = collectors.find((c) => c.name === name);
    if (!reg) throw new UnknownCollectorError(`unknown collector ${name}`);
    const definition = await reg.load();
    if (definition.name !== reg.name || definition.options !== reg.options || (definition.externalSeries ?? false) !== (reg.externalSeries ?? false)) {
      throw new Error(`collector ${name}: its definition's name, options or externalSeries differ from its entry in collector-list.ts`);
    }
    loaded.set(name, definition);
  }
  return loaded;
}

type RegistryContext = { paths: Paths; flags: FlagValues; logger: Logger };

export class ExporterRegistry {
  private readonly instances: Map<string, Instance>;
  private readonly registered: ReadonlySet<string>;

  /** Loads the enabled collectors' modules (loadCollectors), then builds them. */
  static async create(collectors: readonly RegisteredCollector[], enabled: readonly string[], ctx: RegistryContext): Promise<ExporterRegistry> {
    const definitions = await loadCollectors(collectors, enabled);
    return new ExporterRegistry(
      collectors.map((c) => c.name),
      enabled.map((name) => definitions.get(name) as AnyCollectorDefinition),
      ctx,
    );
  }

  /**
   * registered: every collector's name (a name outside it is "missing", one
   * in it but not enabled is "disabled"); enabled: the loaded definitions.
   */
  constructor(
    registered: readonly string[],
    enabled: readonly AnyCollectorDefinition[],
    private readonly ctx: RegistryContext,
  ) {
    this.instances = new Map();
    this.registered = new Set(registered);
    const enabledCollectors = new Set(enabled.map((d) => d.name));
    for (const definition of enabled) {
      const name = definition.name;
      const collector = createCollector(definition, { ...ctx, enabledCollectors, logger: ctx.logger.with({ collector: name }) });
      this.instances.set(name, { name, collector, externalSeries: definition.externalSeries === true });
    }
  }

  get names(): string[] {
    return [...this.instances.keys()];
  }

  /**
   * Collects from the named collectors (all enabled ones when filter is
   * empty), less the excluded ones (exclude[] comes from node_exporter 1.9).
   * An unknown or disabled name is an error, as the reference answers 400.
   * The families come in gather order, unmerged and unchecked: collectors'
   * own, then the scrape metrics, then external series (textfile) last, so
   * that the gather-time check keeps them over a file's.
   */
  async collect(filter: readonly string[] = [], exclude: readonly string[] = []): Promise<MetricFamily[]> {
    for (const name of filter) this.checkNamed(name);
    for (const name of exclude) this.checkNamed(name);
    // Synchronous collectors' results come as they are and only the few
    // asynchronous ones are awaited: a Promise.all over every collector made
    // a promise and an async frame per collector and scrape.
    const results: (CollectorResult | Promise<CollectorResult>)[] = [];
    for (const i of this.instances.values()) {
      if ((filter.length === 0 || filter.includes(i.name)) && !exclude.includes(i.name)) results.push(this.runOne(i));
    }
    const scrape = new FamilyBuilder();
    for (let k = 0; k < results.length; k++) {
      const r = results[k] instanceof Promise ? await results[k] : (results[k] as CollectorResult);
      results[k] = r;
      // One labels object for both samples: nothing changes a sample's labels.
      const labels = { collector: r.instance.name };
      scrape.add(SCRAPE_DURATION, r.seconds, labels);
      scrape.add(SCRAPE_SUCCESS, r.ok ? 1 : 0, labels);
    }
    const out: MetricFamily[] = [];
    for (const r of results as CollectorResult[]) if (!r.instance.externalSeries) r.families.appendTo(out);
    scrape.appendTo(out);
    for (const r of results as CollectorResult[]) if (r.instance.externalSeries) r.families.appendTo(out);
    return out;
  }

  /** node_exporter's own wording, which scrapers' error logs may match on. */
  private checkNamed(name: string): void {
    if (!this.registered.has(name)) throw new UnknownCollectorError(`missing collector: ${name}`);
    if (!this.instances.has(name)) throw new UnknownCollectorError(`disabled collector: ${name}`);
  }

  private runOne(i: Instance): CollectorResult | Promise<CollectorResult> {
    const own = new FamilyBuilder();
    const start = performance.now();
    let pending: void | Promise<void>;
    try {
      // Most collectors are synchronous: time them before yielding, or the
      // figure would include every other collector that runs meanwhile.
      pending = i.collector.update(own);
    } catch (err) {
      return this.finished(i, own, start, false, err);
    }
    if (!pending) return this.finished(i, own, start, true);
    return pending.then(
      () => this.finished(i, own, start, true),
      (err: unknown) => this.finished(i, own, start, false, err),
    );
  }

  /** The result of a collector's run; err is what it threw when not ok. */
  private finished(i: Instance, own: FamilyBuilder, start: number, ok: boolean, err?: unknown): CollectorResult {
    const seconds = (performance.now() - start) / 1000;
    if (!ok) {
      if (err instanceof NoDataError) {
        this.ctx.logger.debug("collector returned no data", { name: i.name, duration_seconds: seconds, err });
      } else {
        this.ctx.logger.error("collector failed", { name: i.name, duration_seconds: seconds, err });
      }
    }
    // node_exporter sends metrics as a collector produces them, so what a
    // failing collector emitted before its error is still exposed.
    return { instance: i, families: own, seconds, ok };
  }
}
