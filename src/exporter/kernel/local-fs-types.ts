// Filesystem types whose statfs(2) answers from in-memory superblock counters
// and so cannot hang on a dead server or a stalled FUSE daemon. The
// filesystem collector calls statfs for these on the main thread and keeps
// the worker pool for the rest: merely having a Worker alive slows the main
// thread's JavaScript by 0.7-2 ms a scrape and adds ~15 MiB of RSS
// (bench/exporter.ts), and most hosts have no network mount at all.
// Deliberately short: a type missing here only costs the worker round trip.

const LOCAL_FS_TYPES: ReadonlySet<string> = new Set([
  "btrfs",
  "exfat",
  "ext2",
  "ext3",
  "ext4",
  "f2fs",
  "ramfs",
  "tmpfs",
  "vfat",
  "xfs",
]);

export function isLocalFsType(fsType: string): boolean {
  return LOCAL_FS_TYPES.has(fsType);
}
