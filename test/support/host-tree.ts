// Builds a throwaway /proc, /sys and rootfs tree from a path -> content map,
// so collector tests run against small files written inline in the test.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { AnyCollectorDefinition, CollectorContext, CollectorDefinition, CollectorOptions } from "../../src/exporter/collector.ts";
import { COLLECTORS } from "../../src/exporter/collector-list.ts";
import { Paths } from "../../src/exporter/paths.ts";
import { type FlagTable, parseFlags } from "../../src/flags/flag-table.ts";
import { silentLogger, type Logger } from "../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../src/metrics/family-builder.ts";
import { describeGatherErrors, gatherChecked } from "../../src/metrics/gather-check.ts";
import { writeFamilies } from "../../src/metrics/text-writer.ts";

export interface HostTree {
  root: string;
  paths: Paths;
  remove(): void;
}

/** Files are relative to the tree's root, e.g. "proc/stat", "sys/devices/system/cpu/offline". */
export function makeHostTree(files: Record<string, string>): HostTree {
  const root = mkdtempSync(join(tmpdir(), "mon-host-"));
  for (const sub of ["proc", "sys", "udev"]) mkdirSync(join(root, sub));
  for (const [rel, content] of Object.entries(files)) {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return {
    root,
    paths: new Paths({ procfs: join(root, "proc"), sysfs: join(root, "sys"), rootfs: root, udevData: join(root, "udev") }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A collector's options parsed from args (its own option flags only), as its helpers take them. */
export function collectorOptions<O extends FlagTable>(def: CollectorDefinition<O>, args: string[] = []): CollectorOptions<O> {
  const table = def.options ?? ({} as O);
  const { flags } = parseFlags(table, args);
  return { options: flags.read(table), optionsSet: flags.setIn(table) };
}

/** What the exporter enables by default, so that collectors which look at each other (cpu, cpufreq) see the usual set. */
const DEFAULT_ENABLED = COLLECTORS.filter((c) => c.defaultEnabled).map((c) => c.name);

/** What create() gets in the exporter, with the options parsed from args. */
export function collectorContext<O extends FlagTable>(
  def: CollectorDefinition<O>,
  paths: Paths,
  args: string[] = [],
  opts: { logger?: Logger; enabledCollectors?: readonly string[] } = {},
): CollectorContext<O> {
  return {
    paths,
    ...collectorOptions(def, args),
    enabledCollectors: new Set(opts.enabledCollectors ?? DEFAULT_ENABLED),
    logger: opts.logger ?? silentLogger,
  };
}

/**
 * Creates the collector with its options parsed from args (its own option
 * flags only) and returns a function that scrapes it into exposition text.
 */
export function collectorScraper(
  def: AnyCollectorDefinition,
  paths: Paths,
  args: string[] = [],
  opts: { logger?: Logger; enabledCollectors?: readonly string[] } = {},
): () => Promise<string> {
  const c = def.create(collectorContext(def, paths, args, opts));
  return async () => {
    const out = new FamilyBuilder();
    await c.update(out);
    // What the exporter's gather-time check would refuse fails the test.
    const gathered = gatherChecked(out.build());
    if (gathered.errors.length > 0) throw new Error(`${def.name}: ${describeGatherErrors(gathered.errors)}`);
    return writeFamilies(gathered.families);
  };
}

/**
 * /proc/<pid>/mountinfo text for mounts written as /proc/mounts lines
 * ("device mountpoint fstype options 0 0"): mount ids from 1, device numbers
 * 0:<id>, "rw" as the superblock options.
 */
export function mountinfoFromMounts(mounts: string): string {
  return mounts
    .split("\n")
    .filter((l) => l !== "")
    .map((l, i) => {
      const [device, mountPoint, fsType, options] = l.split(" ");
      return `${i + 1} 1 0:${i + 1} / ${mountPoint} ${options} shared:1 - ${fsType} ${device} rw\n`;
    })
    .join("");
}
