// Every collector's declarations against what it emits. Runs every
// collector node_exporter 1.12.1's e2e run enables, in-process, on that
// fixture, and every collector mon has on this host (for those the fixture
// run leaves out: ethtool, perf, filesystem, systemd, ...), through a
// FamilyBuilder that records each sample with the descriptor it was added
// against, and fails on:
// - a sample whose label names differ from its descriptor's (add() also
//   refuses it at run time, which only shows as a failed collector);
// - one metric name declared with two types, HELP texts or label sets in
//   one scrape (a family Prometheus would see with two label sets);
// - a family that came in without a descriptor from a collector whose
//   series are not external (only the textfile collector's are).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { type AnyCollectorDefinition, createCollector } from "../../src/exporter/collector.ts";
import { COLLECTORS } from "../../src/exporter/collector-list.ts";
import { enabledCollectorNames, loadCollectors } from "../../src/exporter/registry.ts";
import { EXPORTER_MODE, exporterConfigFromFlags } from "../../src/exporter/start.ts";
import { parseModeArgs } from "../../src/flags/run-mode.ts";
import { FamilyBuilder } from "../../src/metrics/family-builder.ts";
import type { LabelArgs, MetricDesc } from "../../src/metrics/metric-desc.ts";
import type { Labels, MetricFamily, MetricType, Summary } from "../../src/metrics/types.ts";
import { silentLogger } from "../../src/telemetry/logger.ts";
import { absoluteFixtureArgs, argsForCollectors, e2eArgs, fixtureDir1121, unpackFixtureTarball } from "../support/golden.ts";
import { skipWhenMissing } from "../support/requirements.ts";

/**
 * Names whose label set varies between series on purpose, as upstream's:
 * node_power_supply_info has a label per non-empty attribute of the supply.
 */
const VARYING_LABELS = new Set(["node_power_supply_info"]);

interface Declaration {
  collector: string;
  desc: MetricDesc<string, MetricType>;
}

/** A FamilyBuilder that remembers which descriptor each sample came with. */
class RecordingBuilder extends FamilyBuilder {
  readonly problems: string[] = [];
  samples = 0;

  constructor(
    private readonly collector: string,
    private readonly externalSeries: boolean,
    private readonly declarations: Map<string, Declaration[]>,
  ) {
    super();
  }

  private record(desc: MetricDesc<string, MetricType>, labels: Labels): void {
    this.samples++;
    const names = Object.keys(labels).sort().join(",");
    const declared = [...desc.labelNames].sort().join(",");
    if (names !== declared) this.problems.push(`${this.collector}: ${desc.name}{${names}} but declared {${declared}}`);
    const seen = this.declarations.get(desc.name) ?? [];
    if (!seen.some((d) => d.desc === desc)) seen.push({ collector: this.collector, desc });
    this.declarations.set(desc.name, seen);
  }

  override add<L extends string>(desc: MetricDesc<L>, value: number, ...labels: LabelArgs<L>): void {
    this.record(desc as MetricDesc<string>, (labels[0] as Labels | undefined) ?? {});
    super.add(desc, value, ...labels);
  }

  override addSummary<L extends string>(desc: MetricDesc<L, "summary">, summary: Summary, ...labels: LabelArgs<L>): void {
    this.record(desc as MetricDesc<string, "summary">, (labels[0] as Labels | undefined) ?? {});
    super.addSummary(desc, summary, ...labels);
  }

  override addFamily(f: MetricFamily): void {
    if (!this.externalSeries) this.problems.push(`${this.collector}: ${f.name} added as a whole family, without a descriptor`);
    super.addFamily(f);
  }
}

/** Names declared twice in one scrape with different types, HELP texts or (outside VARYING_LABELS) label sets. */
function conflictingDeclarations(declarations: Map<string, Declaration[]>): string[] {
  const out: string[] = [];
  for (const [name, seen] of declarations) {
    const shape = (d: Declaration, labels: boolean) =>
      `${d.desc.type} ${JSON.stringify(d.desc.help)}${labels ? ` {${[...d.desc.labelNames].sort().join(",")}}` : ""}`;
    const shapes = new Set(seen.map((d) => shape(d, !VARYING_LABELS.has(name))));
    if (shapes.size > 1) out.push(`${name}: ${seen.map((d) => `${d.collector} declares ${shape(d, true)}`).join("; ")}`);
  }
  return out;
}

interface Walk {
  /** The collectors the flags enable. */
  ran: string[];
  /** Collectors whose update() threw, with the error. */
  failed: string[];
  problems: string[];
  conflicts: string[];
  samples: number;
}

/** Runs every collector the exporter flags enable once, in-process, recording its declarations. */
async function walkCollectors(args: string[]): Promise<Walk> {
  const parsed = parseModeArgs(EXPORTER_MODE, args);
  if (parsed.kind !== "start") throw new Error(`the flags did not parse: ${parsed.kind}`);
  const config = exporterConfigFromFlags(parsed.flags);
  const ran = enabledCollectorNames(COLLECTORS, config.flags);
  const enabledCollectors = new Set(ran);
  const definitions = await loadCollectors(COLLECTORS, ran);
  const declarations = new Map<string, Declaration[]>();
  const walk: Walk = { ran, failed: [], problems: [], conflicts: [], samples: 0 };
  for (const name of ran) {
    const definition = definitions.get(name) as AnyCollectorDefinition;
    const out = new RecordingBuilder(name, definition.externalSeries === true, declarations);
    try {
      const collector = createCollector(definition, { paths: config.paths, flags: config.flags, enabledCollectors, logger: silentLogger });
      await collector.update(out);
    } catch (err) {
      walk.failed.push(`${name}: ${(err as Error).message}`);
    }
    walk.problems.push(...out.problems);
    walk.samples += out.samples;
  }
  walk.conflicts = conflictingDeclarations(declarations);
  return walk;
}

const shared = fixtureDir1121();
const skip = skipWhenMissing(
  "collector declarations on the node_exporter 1.12.1 fixture",
  shared ? undefined : "fixture folder not found (../shared/node_exporter-1.12.1 or NODE_EXPORTER_1_12_FIXTURES)",
);

describe.skipIf(skip)("every collector's samples agree with its declarations (node_exporter 1.12.1 fixture)", () => {
  let dir: string;
  let walk: Walk;

  beforeAll(async () => {
    dir = unpackFixtureTarball(join(shared as string, "fixtures.tar.gz"));
    const registered = new Set(COLLECTORS.map((c) => c.name));
    walk = await walkCollectors(absoluteFixtureArgs(argsForCollectors(e2eArgs(shared as string), (c) => registered.has(c)), dir));
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the run covers the fixture's collectors", () => {
    expect(walk.ran.length).toBeGreaterThan(50);
    expect(walk.samples).toBeGreaterThan(2500);
    // Every collector succeeds on this fixture in node_exporter's own run, and in the golden test.
    expect(walk.failed).toEqual([]);
  });

  test("every sample carries exactly its descriptor's label names", () => {
    expect(walk.problems).toEqual([]);
  });

  test("no metric name is declared twice with a different type, HELP or label set", () => {
    expect(walk.conflicts).toEqual([]);
  });
});

describe("every collector's samples agree with its declarations (this host, every collector enabled)", () => {
  let walk: Walk;
  beforeAll(async () => {
    walk = await walkCollectors(COLLECTORS.map((c) => `--collector.${c.name}`));
  }, 60_000);

  test("every sample carries exactly its descriptor's label names", () => {
    // What this host lacks (zfs, drbd, infiniband, ...) fails those collectors, which is not checked here.
    expect(walk.ran.length).toBe(COLLECTORS.length);
    expect(walk.samples).toBeGreaterThan(100);
    expect(walk.problems).toEqual([]);
  });

  test("no metric name is declared twice with a different type, HELP or label set", () => {
    expect(walk.conflicts).toEqual([]);
  });
});
