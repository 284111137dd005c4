// The filesystem collector's option flags. They live apart from the collector so that
// the exporter's flag table has them without evaluating the collector's module,
// which is loaded only when the collector is enabled (see collector-list.ts).

import { defineFlags } from "../../../flags/flag-table.ts";

export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";

export const DEFAULT_FS_TYPES_EXCLUDE =
  "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$";

export const FILESYSTEM_OPTIONS = defineFlags({
  mountPointsExclude: {
    name: "collector.filesystem.mount-points-exclude",
    kind: "string",
    default: DEFAULT_MOUNT_POINTS_EXCLUDE,
    help: "Regexp of mount points to exclude for filesystem collector. (mutually exclusive to mount-points-include)",
  },
  mountPointsInclude: {
    name: "collector.filesystem.mount-points-include",
    kind: "string",
    default: "",
    help: "Regexp of mount points to include for filesystem collector. (mutually exclusive to mount-points-exclude)",
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
    help: "Regexp of filesystem types to exclude for filesystem collector. (mutually exclusive to fs-types-include)",
  },
  fsTypesInclude: {
    name: "collector.filesystem.fs-types-include",
    kind: "string",
    default: "",
    help: "Regexp of filesystem types to include for filesystem collector. (mutually exclusive to fs-types-exclude)",
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
