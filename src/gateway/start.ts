// `mon gateway` as a Mode of the one start-up path (src/flags/run-mode.ts):
// load the persisted store, serve, and shut down gracefully (SIGTERM, SIGINT
// or PUT|POST /-/quit): stop accepting, let in-flight requests finish, write
// the persistence file, exit 0 (1 when that last write failed).
//
// launchGateway() does everything but flag parsing and exiting, so tests and
// the differential suite can run a real server in-process.

import { readFileSync } from "node:fs";
import { webListenConfig } from "../flags/common-flags.ts";
import { FlagError, type FlagValues, type TypedFlagValues } from "../flags/flag-table.ts";
import type { Mode, Service } from "../flags/run-mode.ts";
import { type Listening, listenWeb } from "../http/listen.ts";
import type { Logger } from "../telemetry/logger.ts";
import { type Labels, sampleCount } from "../metrics/types.ts";
import { buildInfo } from "../version.ts";
import { createGatewayApp } from "./app.ts";
import type { RedisStoreConfig } from "./cluster/redis-config.ts";
import { type Replica, startReplica } from "./cluster/replica.ts";
import { GATEWAY_DESCRIPTION, GATEWAY_FLAGS, flagStrings, goDurationString } from "./flags.ts";
import { groupingKeyText } from "./grouping-key.ts";
import { MemoryPacer, systemPacerOptions } from "./memory-pacer.ts";
import type { PushLimits } from "./push-body.ts";
import { type Persister, checkPersistencePath, startPersistence } from "./persistence.ts";
import { decodePushgatewayFile } from "./pushgateway-import.ts";
import type { GroupSnapshot } from "./store/snapshot.ts";
import { type Clock, GatewayStore, systemClock } from "./store/state.ts";
import { GatewayTelemetry } from "./telemetry.ts";

export interface GatewayConfig {
  listenAddresses: string[];
  /** --web.systemd-socket: serve on systemd's sockets instead of listenAddresses. */
  systemdSocket?: boolean;
  /** --web.config.file (TLS, basic auth, headers); "" or unset for none. */
  webConfigFile?: string;
  telemetryPath: string;
  externalUrl: string;
  routePrefix: string;
  lifecycleEnabled: boolean;
  adminApiEnabled: boolean;
  consistencyCheckDisabled: boolean;
  /** --push.enable-utf8-names. */
  utf8Names?: boolean;
  /** --push.max-body-bytes, --push.max-series. */
  pushLimits: PushLimits;
  persistenceFile: string;
  persistenceIntervalMs: number;
  ttlMs: number;
  /** --store.redis.*: set when this gateway is a cluster replica. */
  redis?: RedisStoreConfig;
  /** Flag values as shown by the status API and page. */
  flags: Record<string, string>;
}

export interface RunningGateway {
  store: GatewayStore;
  listening: Listening;
  /** host:port of every listener, with the real port when 0 was asked for. */
  addresses: string[];
  /** Resolves when PUT|POST /-/quit was accepted. */
  quitRequested: Promise<void>;
  /** Stops listening (in-flight requests finish), stops timers, persists. False if the final write failed. */
  shutdown(): Promise<boolean>;
}

export function configFromFlags(f: FlagValues): GatewayConfig {
  const v = f.read(GATEWAY_FLAGS);
  return {
    ...webListenConfig(v),
    telemetryPath: v.telemetryPath,
    externalUrl: v.externalUrl,
    routePrefix: v.routePrefix,
    lifecycleEnabled: v.enableLifecycle,
    adminApiEnabled: v.enableAdminApi,
    consistencyCheckDisabled: v.disableConsistencyCheck,
    utf8Names: v.enableUtf8Names,
    pushLimits: { maxBodyBytes: limitFlag(v.maxBodyBytes), maxSeries: limitFlag(v.maxSeries) },
    persistenceFile: v.persistenceFile,
    persistenceIntervalMs: v.persistenceInterval * 1000,
    ttlMs: v.pushTtl * 1000,
    redis: v.redisUrl === "" ? undefined : redisConfig(v),
    flags: shownFlags(flagStrings(GATEWAY_FLAGS, f)),
  };
}

function redisConfig(v: TypedFlagValues<typeof GATEWAY_FLAGS>): RedisStoreConfig {
  return {
    url: v.redisUrl,
    keyPrefix: v.redisKeyPrefix,
    sentinels: v.redisSentinelAddress,
    sentinelMasterName: v.redisSentinelMasterName,
    passwordFile: v.redisPasswordFile,
    sentinelPasswordFile: v.redisSentinelPasswordFile,
    tlsCaFile: v.redisTlsCaFile,
    waitReplicas: v.redisWaitReplicas,
    waitTimeoutMs: positiveMs(v.redisWaitTimeout, "store.redis.wait-timeout"),
    applyTimeoutMs: positiveMs(v.redisApplyTimeout, "store.redis.apply-timeout"),
    retryAfterSeconds: Math.ceil(positiveMs(v.redisRetryAfter, "store.redis.retry-after") / 1000),
    snapshotEntries: v.redisSnapshotEntries,
  };
}

/**
 * The flags the status page and API show. A single gateway shows
 * Pushgateway's (plus --push.ttl), not the cluster flags it does not use; a
 * replica shows those too, without a password in --store.redis.url.
 */
function shownFlags(flags: Record<string, string>): Record<string, string> {
  const url = flags["store.redis.url"];
  for (const name of Object.keys(flags)) if (!url && name.startsWith("store.redis.")) delete flags[name];
  if (url) flags["store.redis.url"] = url.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/, "$1<secret>@");
  return flags;
}

/** Names the groups --push.ttl dropped (the first 20 of a large sweep, and how many more). */
function logExpired(logger: Logger, groups: readonly Labels[], ttlMs: number): void {
  const shown = groups.slice(0, 20).map((g) => `{${groupingKeyText(g)}}`);
  if (groups.length > shown.length) shown.push(`and ${groups.length - shown.length} more`);
  logger.info("groups dropped: no successful push within --push.ttl", {
    ttl: goDurationString(ttlMs / 1000),
    count: groups.length,
    groups: shown.join(" "),
  });
}

/** A duration flag that must be above zero, in ms. */
function positiveMs(seconds: number, flag: string): number {
  if (!(seconds > 0)) throw new FlagError(`--${flag} must be longer than 0s`);
  return Math.round(seconds * 1000);
}

/** 0 (or less) turns a limit off. */
function limitFlag(n: number): number {
  return n > 0 ? n : Infinity;
}

function ttlSweepIntervalMs(ttlMs: number): number {
  return Math.min(60_000, Math.max(1000, Math.floor(ttlMs / 10)));
}

export async function launchGateway(config: GatewayConfig, logger: Logger, clock: Clock = systemClock): Promise<RunningGateway> {
  if (config.redis && config.persistenceFile !== "") {
    throw new Error(
      "--persistence.file cannot be used with --store.redis.url: a cluster replica keeps its state in Redis (snapshots and the log), not in a file; remove --persistence.file",
    );
  }
  let store: GatewayStore | undefined;
  let persister: Persister | undefined;
  let replica: Replica | undefined;
  const telemetry = new GatewayTelemetry({
    ttlEnabled: config.ttlMs > 0,
    expiredTotal: () => store?.expiredTotal ?? 0,
    persistenceEnabled: config.persistenceFile !== "",
    persistence: () => persister?.health,
    clusterStore: config.redis ? () => replica?.health() ?? { connected: false, lagSeconds: 0, lastSnapshotMs: 0, appliedEntryMs: 0 } : undefined,
  });
  store = new GatewayStore({
    clock,
    reserved: telemetry.reservedFamilies(),
    ttlMs: config.ttlMs,
    // A replica's expiry comes through the shared log, never from a local read.
    expireOnRead: config.redis === undefined,
    nameValidation: config.utf8Names ? "utf8" : "legacy",
    onExpired: (groups) => logExpired(logger, groups, config.ttlMs),
  });
  if (config.redis) {
    replica = startReplica({ config: config.redis, store, ttlMs: config.ttlMs, ttlSweepMs: ttlSweepIntervalMs(config.ttlMs), logger });
  }

  if (config.persistenceFile !== "") {
    // Refuses (throws) before anything is read or moved: a directory or a device is never touched.
    const file = checkPersistencePath(config.persistenceFile);
    if (file !== config.persistenceFile) logger.info("persistence file is a symlink; using its target", { file: config.persistenceFile, target: file });
    persister = await startPersistence(store, { file, intervalMs: config.persistenceIntervalMs, logger, now: () => clock.now() });
  }

  let onQuit: () => void = () => {};
  const quitRequested = new Promise<void>((resolve) => {
    onQuit = resolve;
  });
  const app = createGatewayApp({
    store,
    log: replica?.log ?? persister,
    cluster: replica,
    telemetry,
    clock,
    logger,
    routePrefix: config.routePrefix,
    externalUrl: config.externalUrl,
    telemetryPath: config.telemetryPath,
    ttlMs: config.ttlMs,
    lifecycleEnabled: config.lifecycleEnabled,
    adminApiEnabled: config.adminApiEnabled,
    consistencyCheckDisabled: config.consistencyCheckDisabled,
    utf8Names: config.utf8Names,
    pushLimits: config.pushLimits,
    flags: config.flags,
    startTimeMs: clock.now(),
    requestShutdown: () => onQuit(),
    pacer: new MemoryPacer(systemPacerOptions()),
  });

  let listening: Listening;
  try {
    listening = listenWeb(
      {
        listenAddresses: config.listenAddresses,
        systemdSocket: config.systemdSocket ?? false,
        webConfigFile: config.webConfigFile ?? "",
        logger,
      },
      (req, server) => app.fetch(req, { server }),
    );
  } catch (err) {
    await persister?.stop();
    await replica?.stop();
    throw err;
  }
  const ttlTimer =
    config.ttlMs > 0 && !replica ? setInterval(() => store.expire(), ttlSweepIntervalMs(config.ttlMs)) : undefined;
  ttlTimer?.unref();

  const addresses = listening.addresses;
  let stopped: Promise<boolean> | undefined;
  return {
    store,
    listening,
    addresses,
    quitRequested,
    shutdown: () => {
      stopped ??= (async () => {
        await listening.stop();
        if (ttlTimer) clearInterval(ttlTimer);
        await replica?.stop();
        if (!persister) return true;
        await persister.stop();
        if (!persister.failed) logger.info("metrics persisted", { file: config.persistenceFile });
        return !persister.failed;
      })();
      return stopped;
    },
  };
}

/**
 * `mon gateway import-pushgateway FILE`: what a gateway started on
 * Pushgateway's persistence file FILE would load, without changing anything.
 */
export function importPushgatewayCheck(file: string, out: (text: string) => void): number {
  let groups: GroupSnapshot[];
  try {
    groups = decodePushgatewayFile(readFileSync(file));
  } catch (err) {
    out(`${file}: not a readable Pushgateway persistence file: ${(err as Error).message}\n`);
    return 1;
  }
  const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : "never");
  let series = 0;
  for (const g of groups) {
    const n = g.families.reduce((sum, f) => sum + sampleCount(f.family), 0);
    series += n;
    out(
      `{${groupingKeyText(g.labels)}} families=${g.families.length} series=${n} last_push=${iso(g.pushTimeMs)} last_failure=${iso(g.pushFailureTimeMs)}\n`,
    );
  }
  const skipped = new GatewayStore().restore(groups);
  for (const err of skipped) out(`would skip: ${err}\n`);
  out(`${file}: ${groups.length - skipped.length} of ${groups.length} groups would load, ${series} series\n`);
  return skipped.length > 0 ? 1 : 0;
}

export const GATEWAY_MODE: Mode = {
  name: "gateway",
  description: GATEWAY_DESCRIPTION,
  flags: Object.values(GATEWAY_FLAGS),
  examples: [
    "mon gateway --persistence.file=/var/lib/mon/gateway/metrics",
    "mon gateway --web.listen-address=127.0.0.1:9091 --web.enable-admin-api",
    "echo 'backup_last_success 1' | curl --data-binary @- \\",
    "    http://127.0.0.1:9091/metrics/job/backup",
    "curl -X DELETE http://127.0.0.1:9091/metrics/job/backup",
    "mon gateway import-pushgateway /var/lib/pushgateway/metrics",
  ],
  args: { usage: "[import-pushgateway <file>]" },
  check: (_flags, args) => {
    if (args.length > 0 && (args[0] !== "import-pushgateway" || args.length !== 2)) {
      throw new FlagError(args[0] === "import-pushgateway" ? "import-pushgateway takes one file" : `unexpected ${args[0]}`);
    }
  },
  start: async ({ flags, args, logger }): Promise<Service | number> => {
    if (args[0] === "import-pushgateway") return importPushgatewayCheck(args[1], (text) => process.stdout.write(text));
    const gw = await launchGateway(configFromFlags(flags), logger);
    const b = buildInfo();
    logger.info("starting mon gateway", { version: b.version, revision: b.revision, address: gw.addresses.join(",") });
    return {
      stopRequested: gw.quitRequested.then(() => "quit"),
      shutdown: async (reason) => {
        // The quit route logs its own line.
        if (reason !== "quit") logger.info("received SIGINT/SIGTERM; exiting gracefully...", { signal: reason });
        const ok = await gw.shutdown();
        logger.info("HTTP server stopped");
        return ok;
      },
    };
  },
};
