// Filesystem size and usage of every mounted filesystem, via statfs(2).
//
// Where mon goes further than node_exporter 1.8.2: statfs runs on worker
// threads (kernel/statfs-pool.ts), except for the local filesystem types
// that cannot hang (kernel/local-fs-types.ts), and each call is given
// --collector.filesystem.mount-timeout. A mount that does not answer in time
// is reported with device_error 1 and the scrape answers anyway; later
// scrapes skip it without calling statfs while the first call is still
// pending, and it comes back once that call returns (upstream instead blocks
// the scrape on the first hang and only skips on later ones).

import { metricDesc } from "../../metrics/metric-desc.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { type CollectorOptions, defineCollector } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { type FilesystemMount as MountEntry, readFilesystemMounts } from "../host/procfs/mounts.ts";
import type { FsStats } from "../kernel/statfs.ts";
import { StatfsError, statfsSync } from "../kernel/statfs.ts";
import { isLocalFsType } from "../kernel/local-fs-types.ts";
import { StatfsPool, type StatfsProvider, type Timers, realTimers } from "../kernel/statfs-pool.ts";
import type { Logger } from "../../telemetry/logger.ts";
import type { Paths } from "../paths.ts";
import { FILESYSTEM_OPTIONS } from "./options/filesystem.ts";

const STUCK_ERROR = "mountpoint timeout";

const FS_LABELS = ["device", "mountpoint", "fstype", "device_error"] as const;
type FsLabels = Record<(typeof FS_LABELS)[number], string>;
const fsGauge = (name: string, help: string) => metricDesc(name, "gauge", help, FS_LABELS);
const FS_DEVICE_ERROR = fsGauge("node_filesystem_device_error", "Whether an error occurred while getting statistics for the given device.");
const FS_READONLY = fsGauge("node_filesystem_readonly", "Filesystem read-only status.");
const FS_SIZE = fsGauge("node_filesystem_size_bytes", "Filesystem size in bytes.");
const FS_FREE = fsGauge("node_filesystem_free_bytes", "Filesystem free space in bytes.");
const FS_AVAIL = fsGauge("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.");
const FS_FILES = fsGauge("node_filesystem_files", "Filesystem total file nodes.");
const FS_FILES_FREE = fsGauge("node_filesystem_files_free", "Filesystem total free file nodes.");
// node_exporter 1.9 (#2970).
const FS_MOUNT_INFO = metricDesc("node_filesystem_mount_info", "gauge", "Filesystem mount information.", [
  "device",
  "major",
  "minor",
  "mountpoint",
]);

interface Result {
  labels: FsLabels;
  mount: MountEntry;
  deviceError: number;
  ro: number;
  stats?: FsStats;
}

type PatternOption = "mountPointsExclude" | "fsTypesExclude";
const DEPRECATED_ALIAS = { mountPointsExclude: "ignoredMountPoints", fsTypesExclude: "ignoredFsTypes" } as const;

/** A pattern flag with its hidden deprecated alias, as upstream resolves them. */
function excludePattern({ options, optionsSet }: CollectorOptions<typeof FILESYSTEM_OPTIONS>, logger: Logger, key: PatternOption): string {
  const flag = FILESYSTEM_OPTIONS[key].name;
  const oldFlag = FILESYSTEM_OPTIONS[DEPRECATED_ALIAS[key]].name;
  const old = options[DEPRECATED_ALIAS[key]];
  if (old === "") return options[key];
  if (optionsSet.has(key)) throw new Error(`--${oldFlag} and --${flag} are mutually exclusive`);
  logger.warn(`--${oldFlag} is DEPRECATED and will be removed in 2.0.0, use --${flag}`);
  return old;
}

/**
 * The exclude and include patterns of one filter, as upstream's
 * newMountPointsFilter/newFSTypeFilter settle them: an include pattern drops
 * the default exclude unless that was set too, and both set is an error.
 */
function filterPatterns(
  opts: CollectorOptions<typeof FILESYSTEM_OPTIONS>,
  logger: Logger,
  excludeKey: PatternOption,
  includeKey: "mountPointsInclude" | "fsTypesInclude",
): { exclude: string; include: string } {
  let exclude = excludePattern(opts, logger, excludeKey);
  const include = opts.options[includeKey];
  const excludeFlag = FILESYSTEM_OPTIONS[excludeKey].name;
  const includeFlag = FILESYSTEM_OPTIONS[includeKey].name;
  if (include !== "" && !opts.optionsSet.has(excludeKey)) {
    logger.debug(`${excludeFlag.split(".").pop()} flag not set when ${includeFlag.split(".").pop()} flag is set, assuming include is desired`);
    exclude = "";
  }
  if (exclude !== "" && include !== "") throw new Error(`--${excludeFlag} and --${includeFlag} are mutually exclusive`);
  if (exclude !== "") logger.info(`Parsed flag --${excludeFlag}`, { flag: exclude });
  if (include !== "") logger.info(`Parsed flag --${includeFlag}`, { flag: include });
  return { exclude, include };
}

function compiled(p: { exclude: string; include: string }, prefix: "mountPoints" | "fsTypes") {
  const flag = prefix === "mountPoints" ? "--collector.filesystem.mount-points" : "--collector.filesystem.fs-types";
  const re = (pattern: string, what: string) => (pattern === "" ? undefined : compileGoRegexp(pattern, `${flag}-${what}`));
  return { [`${prefix}Exclude`]: re(p.exclude, "exclude"), [`${prefix}Include`]: re(p.include, "include") };
}

function emit(out: FamilyBuilder, r: Result): void {
  out.add(FS_DEVICE_ERROR, r.deviceError, r.labels);
  out.add(FS_READONLY, r.ro, r.labels);
  const s = r.stats;
  if (r.deviceError > 0 || !s) return;
  out.add(FS_SIZE, s.blocks * s.bsize, r.labels);
  out.add(FS_FREE, s.bfree * s.bsize, r.labels);
  out.add(FS_AVAIL, s.bavail * s.bsize, r.labels);
  out.add(FS_FILES, s.files, r.labels);
  out.add(FS_FILES_FREE, s.ffree, r.labels);
  out.add(FS_MOUNT_INFO, 1, {
    device: r.mount.device,
    major: r.mount.major,
    minor: r.mount.minor,
    mountpoint: r.mount.mountPoint,
  });
}

/**
 * Read-only when the mount or the superblock says ro, or the superblock
 * says emergency_ro (ext4 after an error): node_exporter 1.10 (#3387), 1.12 (#3717).
 */
export function isReadOnly(m: Pick<MountEntry, "options" | "superOptions">): boolean {
  const super_ = m.superOptions.split(",");
  return m.options.split(",").includes("ro") || super_.includes("ro") || super_.includes("emergency_ro");
}

export interface FilesystemCollectorDeps {
  paths: Paths;
  logger: Logger;
  /** undefined: none (an include pattern given instead). */
  mountPointsExclude?: RegExp;
  fsTypesExclude?: RegExp;
  /** Since node_exporter 1.9 (#3171): only matching mount points / types. */
  mountPointsInclude?: RegExp;
  fsTypesInclude?: RegExp;
  /** Seconds; 0 or less waits forever. */
  mountTimeout: number;
  statfs: StatfsProvider;
  /** Blocking statfs for local filesystem types (see local-fs-types.ts); without it every call goes to `statfs`. */
  localStatfs?: (path: string) => FsStats;
  timers?: Timers;
}

export class FilesystemCollector {
  /** Mount points whose statfs call has not returned after the timeout. */
  private readonly stuck = new Set<string>();

  constructor(private readonly d: FilesystemCollectorDeps) {}

  async update(out: FamilyBuilder): Promise<void> {
    const { logger } = this.d;
    const pending: Promise<Result>[] = [];
    for (const m of readFilesystemMounts(this.d.paths)) {
      if (this.d.mountPointsExclude?.test(m.mountPoint) || (this.d.mountPointsInclude && !this.d.mountPointsInclude.test(m.mountPoint))) {
        logger.debug("Ignoring mount point", { mountpoint: m.mountPoint });
        continue;
      }
      if (this.d.fsTypesExclude?.test(m.fsType) || (this.d.fsTypesInclude && !this.d.fsTypesInclude.test(m.fsType))) {
        logger.debug("Ignoring fs", { type: m.fsType });
        continue;
      }
      if (this.stuck.has(m.mountPoint)) {
        logger.debug("Mount point is in an unresponsive state", { mountpoint: m.mountPoint });
        pending.push(Promise.resolve(this.stuckResult(m)));
        continue;
      }
      pending.push(this.stat(m));
    }
    // Like upstream, the same mount seen twice (identical labels) is reported once.
    const seen = new Set<string>();
    for (const r of await Promise.all(pending)) {
      const key = `${r.labels.device}\0${r.labels.mountpoint}\0${r.labels.fstype}\0${r.labels.device_error}`;
      if (seen.has(key)) continue;
      seen.add(key);
      emit(out, r);
    }
  }

  private labels(m: MountEntry, deviceError: string): FsLabels {
    return { device: m.device, mountpoint: m.mountPoint, fstype: m.fsType, device_error: deviceError };
  }

  private stuckResult(m: MountEntry): Result {
    return { labels: this.labels(m, STUCK_ERROR), mount: m, deviceError: 1, ro: 0 };
  }

  private stat(m: MountEntry): Promise<Result> {
    const { logger, paths } = this.d;
    const ro = isReadOnly(m) ? 1 : 0;
    const path = paths.rootfs(m.mountPoint);
    let timedOut = false;
    const local = this.d.localStatfs;
    const started =
      local && isLocalFsType(m.fsType)
        ? new Promise<FsStats>((resolve) => resolve(local(path)))
        : this.d.statfs.statfs(path);
    const call = started.then(
      (stats): Result => ({ labels: this.labels(m, ""), mount: m, deviceError: 0, ro, stats }),
      (err): Result => {
        if (!(err instanceof StatfsError)) throw err;
        logger.debug("Error on statfs() system call", { rootfs: path, err: err.message });
        return { labels: this.labels(m, err.message), mount: m, deviceError: 1, ro };
      },
    );
    // Whenever the call returns, even long after its scrape, the mount is back.
    call.then(
      () => this.recovered(m.mountPoint, timedOut),
      () => this.recovered(m.mountPoint, timedOut),
    );
    const timeoutMs = this.d.mountTimeout * 1000;
    if (!(timeoutMs > 0)) return call;
    const timers = this.d.timers ?? realTimers;
    let timer: unknown;
    const timeout = new Promise<Result>((resolve) => {
      timer = timers.set(() => {
        timedOut = true;
        logger.debug("Mount point timed out, it is being labeled as stuck and will not be monitored", { mountpoint: m.mountPoint });
        this.stuck.add(m.mountPoint);
        resolve(this.stuckResult(m));
      }, timeoutMs);
    });
    return Promise.race([call, timeout]).finally(() => timers.clear(timer));
  }

  private recovered(mountPoint: string, timedOut: boolean): void {
    if (timedOut && this.stuck.delete(mountPoint)) {
      this.d.logger.debug("Mount point has recovered, monitoring will resume", { mountpoint: mountPoint });
    }
  }
}

export const filesystemCollector = defineCollector({
  name: "filesystem",
  options: FILESYSTEM_OPTIONS,
  create({ paths, options, optionsSet, logger }) {
    const mp = filterPatterns({ options, optionsSet }, logger, "mountPointsExclude", "mountPointsInclude");
    const fs = filterPatterns({ options, optionsSet }, logger, "fsTypesExclude", "fsTypesInclude");
    const mountTimeout = options.mountTimeout;
    const collector = new FilesystemCollector({
      paths,
      logger,
      ...compiled(mp, "mountPoints"),
      ...compiled(fs, "fsTypes"),
      mountTimeout,
      localStatfs: statfsSync,
      statfs: new StatfsPool({
        maxWorkers: options.statWorkers,
        hungAfterMs: mountTimeout > 0 ? mountTimeout * 1000 : 5000,
      }),
    });
    return { update: (out) => collector.update(out) };
  },
});
