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

import { defineFlags } from "../../flags/flag-table.ts";
import type { Labels } from "../../metrics/types.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { type CollectorOptions, defineCollector } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { type MountEntry, readMounts } from "../host/procfs/mounts.ts";
import type { FsStats } from "../kernel/statfs.ts";
import { StatfsError, statfsSync } from "../kernel/statfs.ts";
import { isLocalFsType } from "../kernel/local-fs-types.ts";
import { StatfsPool, type StatfsProvider, type Timers, realTimers } from "../kernel/statfs-pool.ts";
import type { Logger } from "../../log/logger.ts";
import type { Paths } from "../paths.ts";

export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";
export const DEFAULT_FS_TYPES_EXCLUDE =
  "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$";

const STUCK_ERROR = "mountpoint timeout";

interface Result {
  labels: Labels;
  deviceError: number;
  ro: number;
  stats?: FsStats;
}

type PatternOption = "mountPointsExclude" | "fsTypesExclude";
const DEPRECATED_ALIAS = { mountPointsExclude: "ignoredMountPoints", fsTypesExclude: "ignoredFsTypes" } as const;

/** A pattern flag with its hidden deprecated alias, as upstream resolves them. */
function excludePattern({ options, optionsSet }: CollectorOptions<typeof OPTIONS>, logger: Logger, key: PatternOption): string {
  const flag = OPTIONS[key].name;
  const oldFlag = OPTIONS[DEPRECATED_ALIAS[key]].name;
  const old = options[DEPRECATED_ALIAS[key]];
  if (old === "") return options[key];
  if (optionsSet.has(key)) throw new Error(`--${oldFlag} and --${flag} are mutually exclusive`);
  logger.warn(`--${oldFlag} is DEPRECATED and will be removed in 2.0.0, use --${flag}`);
  return old;
}

function emit(out: FamilyBuilder, r: Result): void {
  out.gauge("node_filesystem_device_error", "Whether an error occurred while getting statistics for the given device.", r.deviceError, r.labels);
  out.gauge("node_filesystem_readonly", "Filesystem read-only status.", r.ro, r.labels);
  const s = r.stats;
  if (r.deviceError > 0 || !s) return;
  out.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.", s.blocks * s.bsize, r.labels);
  out.gauge("node_filesystem_free_bytes", "Filesystem free space in bytes.", s.bfree * s.bsize, r.labels);
  out.gauge("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.", s.bavail * s.bsize, r.labels);
  out.gauge("node_filesystem_files", "Filesystem total file nodes.", s.files, r.labels);
  out.gauge("node_filesystem_files_free", "Filesystem total free file nodes.", s.ffree, r.labels);
}

export interface FilesystemCollectorDeps {
  paths: Paths;
  logger: Logger;
  mountPointsExclude: RegExp;
  fsTypesExclude: RegExp;
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
    for (const m of readMounts(this.d.paths)) {
      if (this.d.mountPointsExclude.test(m.mountPoint)) {
        logger.debug("Ignoring mount point", { mountpoint: m.mountPoint });
        continue;
      }
      if (this.d.fsTypesExclude.test(m.fsType)) {
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

  private labels(m: MountEntry, deviceError: string): Labels {
    return { device: m.device, mountpoint: m.mountPoint, fstype: m.fsType, device_error: deviceError };
  }

  private stuckResult(m: MountEntry): Result {
    return { labels: this.labels(m, STUCK_ERROR), deviceError: 1, ro: 0 };
  }

  private stat(m: MountEntry): Promise<Result> {
    const { logger, paths } = this.d;
    const ro = m.options.split(",").includes("ro") ? 1 : 0;
    const path = paths.rootfs(m.mountPoint);
    let timedOut = false;
    const local = this.d.localStatfs;
    const started =
      local && isLocalFsType(m.fsType)
        ? new Promise<FsStats>((resolve) => resolve(local(path)))
        : this.d.statfs.statfs(path);
    const call = started.then(
      (stats): Result => ({ labels: this.labels(m, ""), deviceError: 0, ro, stats }),
      (err): Result => {
        if (!(err instanceof StatfsError)) throw err;
        logger.debug("Error on statfs() system call", { rootfs: path, err: err.message });
        return { labels: this.labels(m, err.message), deviceError: 1, ro };
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

const OPTIONS = defineFlags({
  mountPointsExclude: {
    name: "collector.filesystem.mount-points-exclude",
    kind: "string",
    default: DEFAULT_MOUNT_POINTS_EXCLUDE,
    help: "Regexp of mount points to exclude for filesystem collector.",
  },
  ignoredMountPoints: {
    name: "collector.filesystem.ignored-mount-points",
    kind: "string",
    default: "",
    hidden: true,
    help: "Regexp of mount points to ignore for filesystem collector.",
  },
  fsTypesExclude: {
    name: "collector.filesystem.fs-types-exclude",
    kind: "string",
    default: DEFAULT_FS_TYPES_EXCLUDE,
    help: "Regexp of filesystem types to exclude for filesystem collector.",
  },
  ignoredFsTypes: {
    name: "collector.filesystem.ignored-fs-types",
    kind: "string",
    default: "",
    hidden: true,
    help: "Regexp of filesystem types to ignore for filesystem collector.",
  },
  mountTimeout: {
    name: "collector.filesystem.mount-timeout",
    kind: "duration",
    default: "5s",
    hidden: true,
    help: "how long to wait for a mount to respond before marking it as stale",
  },
  statWorkers: {
    name: "collector.filesystem.stat-workers",
    kind: "int",
    default: "4",
    hidden: true,
    help: "how many stat calls to process simultaneously",
  },
});

export const filesystemCollector = defineCollector({
  name: "filesystem",
  options: OPTIONS,
  create({ paths, options, optionsSet, logger }) {
    const mp = excludePattern({ options, optionsSet }, logger, "mountPointsExclude");
    const fs = excludePattern({ options, optionsSet }, logger, "fsTypesExclude");
    logger.info("Parsed flag --collector.filesystem.mount-points-exclude", { flag: mp });
    logger.info("Parsed flag --collector.filesystem.fs-types-exclude", { flag: fs });
    const mountTimeout = options.mountTimeout;
    const collector = new FilesystemCollector({
      paths,
      logger,
      mountPointsExclude: compileGoRegexp(mp, "--collector.filesystem.mount-points-exclude"),
      fsTypesExclude: compileGoRegexp(fs, "--collector.filesystem.fs-types-exclude"),
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
