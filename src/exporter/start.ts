// `mon exporter`: parse flags, build the enabled collectors, serve.

import { FlagError, parseFlags, renderHelp } from "../flags/flag-table.ts";
import { loggerFromFlags } from "../flags/common-flags.ts";
import { type Listening, listenWeb, untilSignal } from "../http/listen.ts";
import { buildInfo, versionText } from "../version.ts";
import { COLLECTORS } from "./collector-list.ts";
import { exporterFlagTable, rejectRemovedCollectors } from "./flags.ts";
import { Paths } from "./paths.ts";
import { ExporterRegistry, enabledCollectorNames } from "./registry.ts";
import { createExporterApp } from "./server.ts";

export const EXPORTER_USAGE = "mon exporter [<flags>]";
export const EXPORTER_DESCRIPTION =
  "Expose host metrics from /proc and /sys for Prometheus, as node_exporter 1.8.2 does.";

// JavaScriptCore's tier-up thresholds times 100 for the exporter's whole life.
// Start-up code runs once and a scrape runs a few times a minute, so most
// functions gain nothing from the JIT but cost its memory; the few hot loops
// still get compiled. Measured with bench/exporter.ts (200 scrapes, 2 cores):
// RSS -4.5 MiB (anon 21.6 -> 15.7 MiB), CPU per scrape unchanged within noise
// (5.4-5.9 ms either way; +10% over 1000 scrapes), first answer ~3 ms sooner.
// The gateway, which serves bursts of pushes, keeps Bun's default policy.
const EXPORTER_JIT_POLICY = 100;

export async function startExporter(argv: string[]): Promise<void> {
  Bun.unsafe.setJITPolicy(EXPORTER_JIT_POLICY);
  const table = exporterFlagTable(COLLECTORS);
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(table, argv);
    rejectRemovedCollectors(parsed.flags);
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    process.stderr.write(`mon exporter: error: ${err.message}, try --help\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(renderHelp(EXPORTER_USAGE, EXPORTER_DESCRIPTION, table));
    process.exit(0);
  }
  if (parsed.version) {
    console.log(versionText("mon"));
    process.exit(0);
  }
  const { flags } = parsed;
  const logger = loggerFromFlags(flags);
  const paths = new Paths({
    procfs: flags.string("path.procfs"),
    sysfs: flags.string("path.sysfs"),
    rootfs: flags.string("path.rootfs"),
    udevData: flags.string("path.udev.data"),
  });
  let registry: ExporterRegistry;
  try {
    const enabled = enabledCollectorNames(COLLECTORS, flags);
    registry = new ExporterRegistry(COLLECTORS, enabled, { paths, flags, logger });
  } catch (err) {
    logger.error("Couldn't create collector", { err });
    process.exit(1);
  }
  const b = buildInfo();
  logger.info("Starting mon exporter", { version: b.version, revision: b.revision, bun: b.bunVersion });
  for (const name of registry.names) logger.info("enabled collector", { collector: name });
  const app = createExporterApp({
    registry,
    logger,
    telemetryPath: flags.string("web.telemetry-path"),
    maxRequests: flags.number("web.max-requests"),
    disableExporterMetrics: flags.bool("web.disable-exporter-metrics"),
  });
  let listening: Listening;
  try {
    listening = listenWeb(
      {
        listenAddresses: flags.strings("web.listen-address"),
        systemdSocket: flags.bool("web.systemd-socket"),
        webConfigFile: flags.string("web.config.file"),
        logger,
      },
      app.fetch,
    );
  } catch (err) {
    logger.error("Listen failed", { err });
    process.exit(1);
  }
  logger.info("Listening on", { address: listening.addresses.join(",") });
  const signal = await untilSignal();
  logger.info("Shutting down", { signal });
  await listening.stop();
  process.exit(0);
}
