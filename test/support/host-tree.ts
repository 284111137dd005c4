// Builds a throwaway /proc, /sys and rootfs tree from a path -> content map,
// so collector tests run against small files written inline in the test.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CollectorDefinition } from "../../src/exporter/collector.ts";
import { Paths } from "../../src/exporter/paths.ts";
import { type FlagSpec, parseFlags } from "../../src/flags/flag-table.ts";
import { silentLogger, type Logger } from "../../src/log/logger.ts";
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

/**
 * Creates the collector with the given flags (its own flag table plus any
 * extra specs) and returns a function that scrapes it into exposition text.
 */
export function collectorScraper(
  def: CollectorDefinition,
  paths: Paths,
  args: string[] = [],
  opts: { logger?: Logger; extraFlags?: FlagSpec[] } = {},
): () => Promise<string> {
  const { flags } = parseFlags(
    [...(def.flags ?? []), { name: "collector.disable-defaults", kind: "bool", help: "" }, ...(opts.extraFlags ?? [])],
    args,
  );
  const logger = opts.logger ?? silentLogger;
  const c = def.create({ paths, flags, logger });
  return async () => {
    const out = new FamilyBuilder();
    await c.update(out);
    // What the exporter's gather-time check would refuse fails the test.
    const gathered = gatherChecked(out.build());
    if (gathered.errors.length > 0) throw new Error(`${def.name}: ${describeGatherErrors(gathered.errors)}`);
    return writeFamilies(gathered.families);
  };
}
