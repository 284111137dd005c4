// Developer tool: runs the exporter in-process on node_exporter's golden
// fixture and prints every difference, optionally only for some collectors.
//   npx bun test/exporter/golden-report.ts [collector ...]
// The real gate is test/e2e/exporter-golden.test.ts, which runs dist/mon.

import { COLLECTORS } from "../../src/exporter/collector-list.ts";
import { exporterFlagTable } from "../../src/exporter/flags.ts";
import { exporterConfigFromFlags } from "../../src/exporter/start.ts";
import { ExporterRegistry, enabledCollectorNames } from "../../src/exporter/registry.ts";
import { parseFlags } from "../../src/flags/flag-table.ts";
import { createLogger } from "../../src/telemetry/logger.ts";
import { writeText } from "../../src/metrics/text-writer.ts";
import { UPSTREAM_DROPPED, argsForCollectors, collectorOf, compareExpositions, e2eArgs, goldenOutput, preparedFixtureDir, removePreparedFixtureDir } from "../support/golden.ts";

const dir = preparedFixtureDir();
if (!dir) {
  console.error("node_exporter fixture not found (set NODE_EXPORTER_FIXTURES)");
  process.exit(2);
}
process.chdir(dir);
const only = process.argv.slice(2);
const known = new Set(COLLECTORS.map((c) => c.name));
// Leave out enable and option flags of collectors mon does not have yet.
const args = argsForCollectors(e2eArgs(dir), (c) => known.has(c));
const { flags } = parseFlags(exporterFlagTable(COLLECTORS), [...args, "--log.level=debug"]);
const logger = createLogger({ level: "debug", format: "logfmt" });
const { paths } = exporterConfigFromFlags(flags);
const registry = await ExporterRegistry.create(COLLECTORS, enabledCollectorNames(COLLECTORS, flags), { paths, flags, logger });
const text = writeText(await registry.collect());
const skip = (name: string) => {
  // The HTTP handler's own metrics exist only in the e2e test, which runs dist/mon.
  if (UPSTREAM_DROPPED.test(name) || name.startsWith("promhttp_")) return true;
  const c = collectorOf(name);
  if (only.length > 0) return c === undefined || !only.includes(c);
  return c !== undefined && !known.has(c);
};
const r = compareExpositions(goldenOutput(dir), text, skip);
for (const p of r.problems) console.log(p);
console.log(`families ${r.familiesMatched}/${r.families} match, samples ${r.samplesMatched}/${r.samples} match`);
removePreparedFixtureDir();
