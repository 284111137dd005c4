// `mon exporter` as a Mode of the one start-up path (src/flags/run-mode.ts):
// build the enabled collectors, serve until SIGTERM/SIGINT.
//
// launchExporter() does everything but flag parsing and exiting, so HTTP tests
// run a real exporter in-process, as launchGateway does for the gateway.

import { webListenConfig } from "../flags/common-flags.ts";
import type { FlagValues } from "../flags/flag-table.ts";
import type { Mode, Service } from "../flags/run-mode.ts";
import { type Listening, listenWeb } from "../http/listen.ts";
import type { Logger } from "../telemetry/logger.ts";
import { buildInfo } from "../version.ts";
import { COLLECTORS, type RegisteredCollector } from "./collector-list.ts";
import { EXPORTER_FLAGS, exporterFlagTable, rejectRemovedCollectors } from "./flags.ts";
import { Paths } from "./paths.ts";
import { ExporterRegistry, enabledCollectorNames } from "./registry.ts";
import { createExporterApp } from "./server.ts";

export interface ExporterConfig {
  listenAddresses: string[];
  /** --web.systemd-socket: serve on systemd's sockets instead of listenAddresses. */
  systemdSocket?: boolean;
  /** --web.config.file (TLS, basic auth, headers); "" or unset for none. */
  webConfigFile?: string;
  telemetryPath: string;
  maxRequests: number;
  disableExporterMetrics: boolean;
  paths: Paths;
  /** The parsed exporter flags, where the collectors read their options. */
  flags: FlagValues;
  /** Every registered collector; tests may pass fewer. */
  collectors?: readonly RegisteredCollector[];
}

export interface RunningExporter {
  registry: ExporterRegistry;
  listening: Listening;
  /** host:port of every listener, with the real port when 0 was asked for. */
  addresses: string[];
  /**
   * Stops listening and cuts in-flight scrapes, as node_exporter ends on
   * SIGTERM: waiting for them would let one stuck read (a hung network
   * mount under the textfile directory) keep the process alive.
   */
  shutdown(): Promise<void>;
}

export function exporterConfigFromFlags(flags: FlagValues): ExporterConfig {
  const v = flags.read(EXPORTER_FLAGS);
  return {
    ...webListenConfig(v),
    telemetryPath: v.telemetryPath,
    maxRequests: v.maxRequests,
    disableExporterMetrics: v.disableExporterMetrics,
    paths: new Paths({ procfs: v.procfs, sysfs: v.sysfs, rootfs: v.rootfs, udevData: v.udevData }),
    flags,
  };
}

/** Builds the enabled collectors and listens. Throws when a collector cannot be built or an address is taken. */
export async function launchExporter(config: ExporterConfig, logger: Logger): Promise<RunningExporter> {
  const collectors = config.collectors ?? COLLECTORS;
  let registry: ExporterRegistry;
  try {
    const enabled = enabledCollectorNames(collectors, config.flags);
    registry = await ExporterRegistry.create(collectors, enabled, { paths: config.paths, flags: config.flags, logger });
  } catch (err) {
    // node_exporter's wording for the same failure.
    throw new Error(`Couldn't create collector: ${(err as Error).message}`, { cause: err });
  }
  const b = buildInfo();
  logger.info("Starting mon exporter", { version: b.version, revision: b.revision, bun: b.bunVersion });
  for (const name of registry.names) logger.info("enabled collector", { collector: name });
  const app = createExporterApp({
    registry,
    logger,
    telemetryPath: config.telemetryPath,
    maxRequests: config.maxRequests,
    disableExporterMetrics: config.disableExporterMetrics,
  });
  const listening = listenWeb(
    {
      listenAddresses: config.listenAddresses,
      systemdSocket: config.systemdSocket ?? false,
      webConfigFile: config.webConfigFile ?? "",
      logger,
    },
    app.fetch,
  );
  logger.info("Listening on", { address: listening.addresses.join(",") });
  return { registry, listening, addresses: listening.addresses, shutdown: () => listening.stop({ abortInFlight: true }) };
}

// JavaScriptCore's tier-up thresholds times 100 for the exporter's whole life.
// Start-up code runs once and a scrape runs a few times a minute, so most
// functions gain nothing from the JIT but cost its memory; the few hot loops
// still get compiled. Measured with bench/exporter.ts (200 scrapes, 2 cores):
// RSS -4.5 MiB (anon 21.6 -> 15.7 MiB), CPU per scrape unchanged within noise
// (5.4-5.9 ms either way; +10% over 1000 scrapes), first answer ~3 ms sooner.
// The gateway, which serves bursts of pushes, keeps Bun's default policy.
const EXPORTER_JIT_POLICY = 100;

export const EXPORTER_MODE: Mode = {
  name: "exporter",
  description: "Expose host metrics from /proc and /sys for Prometheus, as node_exporter 1.12.1 does.",
  flags: exporterFlagTable(COLLECTORS),
  examples: [
    "mon exporter --collector.systemd --collector.processes",
    "mon exporter --web.listen-address=127.0.0.1:9100 --collector.disable-defaults \\",
    "    --collector.cpu --collector.meminfo --collector.filesystem",
    "mon exporter --collector.textfile.directory=/var/lib/mon/textfile",
    "curl -s 'http://127.0.0.1:9100/metrics?collect[]=cpu&collect[]=meminfo'",
  ],
  check: (flags) => rejectRemovedCollectors(flags),
  start: async ({ flags, logger }): Promise<Service> => {
    Bun.unsafe.setJITPolicy(EXPORTER_JIT_POLICY);
    const exporter = await launchExporter(exporterConfigFromFlags(flags), logger);
    return {
      shutdown: async (signal) => {
        logger.info("Shutting down", { signal });
        await exporter.shutdown();
        return true;
      },
    };
  },
};
