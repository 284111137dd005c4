// The filesystem collector calls statfs on the main thread for local
// filesystem types and keeps the worker pool for the others.

import { afterAll, expect, test } from "bun:test";
import { FilesystemCollector } from "../../../src/exporter/collectors/filesystem.ts";
import { compileGoRegexp } from "../../../src/go/regexp.ts";
import type { StatfsProvider } from "../../../src/exporter/kernel/statfs-pool.ts";
import { type FsStats, StatfsError } from "../../../src/exporter/kernel/statfs.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { writeText } from "../../../src/metrics/text-writer.ts";
import { makeHostTree, mountinfoFromMounts } from "../../support/host-tree.ts";
import { ManualTimers } from "../../support/manual-timers.ts";

const MOUNTS = [
  "/dev/sda1 / ext4 rw,relatime 0 0",
  "server:/export /mnt/nfs nfs4 rw,hard 0 0",
  "sshfs#me@host: /mnt/ssh fuse.sshfs rw 0 0",
  "tmpfs /run/user/1000 tmpfs rw 0 0",
  "/dev/sdc1 /mnt/gone xfs ro 0 0",
  "",
].join("\n");

const STATS: FsStats = { type: 0xef53, bsize: 4096, blocks: 100, bfree: 40, bavail: 30, files: 1000, ffree: 900 };

const tree = makeHostTree({ "proc/1/mountinfo": mountinfoFromMounts(MOUNTS) });
afterAll(() => tree.remove());

const pooled: string[] = [];
const pool: StatfsProvider = {
  statfs(path) {
    pooled.push(path.slice(tree.root.length));
    return Promise.resolve(STATS);
  },
};
const direct: string[] = [];
function localStatfs(path: string): FsStats {
  direct.push(path.slice(tree.root.length));
  if (path.endsWith("/mnt/gone")) throw new StatfsError(2);
  return STATS;
}

const collector = new FilesystemCollector({
  paths: tree.paths,
  logger: silentLogger,
  mountPointsExclude: compileGoRegexp("^/(dev|proc|sys)($|/)", "mp"),
  fsTypesExclude: compileGoRegexp("^(proc)$", "fs"),
  mountTimeout: 5,
  statfs: pool,
  localStatfs,
  timers: new ManualTimers(),
});

test("local types are stat'ed directly, the others through the pool, with the same output", async () => {
  const out = new FamilyBuilder();
  await collector.update(out);
  const text = writeText(out.build());
  expect(direct.sort()).toEqual(["/", "/mnt/gone", "/run/user/1000"]);
  expect(pooled.sort()).toEqual(["/mnt/nfs", "/mnt/ssh"]);
  expect(text).toContain('node_filesystem_size_bytes{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 409600');
  expect(text).toContain('node_filesystem_size_bytes{device="server:/export",device_error="",fstype="nfs4",mountpoint="/mnt/nfs"} 409600');
  // A failing local statfs is reported as upstream does, not thrown.
  expect(text).toContain(
    'node_filesystem_device_error{device="/dev/sdc1",device_error="no such file or directory",fstype="xfs",mountpoint="/mnt/gone"} 1',
  );
  expect(text).toContain('node_filesystem_readonly{device="/dev/sdc1",device_error="no such file or directory",fstype="xfs",mountpoint="/mnt/gone"} 1');
});
