// Collectors as tests need them: a stand-in definition registered as
// collector-list.ts registers the real ones, and every real definition
// loaded at once (the exporter loads only the enabled ones).

import type { AnyCollectorDefinition } from "../../src/exporter/collector.ts";
import { COLLECTORS, type RegisteredCollector } from "../../src/exporter/collector-list.ts";
import { loadCollectors } from "../../src/exporter/registry.ts";

/** A registration whose load() answers the given definition. */
export function registered(definition: AnyCollectorDefinition, defaultEnabled = true): RegisteredCollector {
  return {
    name: definition.name,
    defaultEnabled,
    options: definition.options,
    externalSeries: definition.externalSeries,
    load: async () => definition,
  };
}

/** Every registered collector's definition, by name. */
export function loadAllCollectors(): Promise<Map<string, AnyCollectorDefinition>> {
  return loadCollectors(
    COLLECTORS,
    COLLECTORS.map((c) => c.name),
  );
}
