import { afterAll, describe, expect, test } from "bun:test";
import { FilesystemCollector, filesystemCollector, isReadOnly } from "../../../src/exporter/collectors/filesystem.ts";
import { compileGoRegexp } from "../../../src/go/regexp.ts";
import type { StatfsProvider } from "../../../src/exporter/kernel/statfs-pool.ts";
import { type FsStats, StatfsError } from "../../../src/exporter/kernel/statfs.ts";
import { silentLogger } from "../../../src/telemetry/logger.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { writeText } from "../../../src/metrics/text-writer.ts";
import { collectorScraper, makeHostTree, mountinfoFromMounts } from "../../support/host-tree.ts";
import { ManualTimers } from "../../support/manual-timers.ts";

const MOUNTS = [
  "/dev/sda1 / ext4 rw,relatime 0 0",
  "server:/export /mnt/nfs nfs4 rw,hard 0 0",
  "/dev/sdb1 /mnt/with\\040space xfs ro,noatime 0 0",
  "proc /proc proc rw 0 0",
  "tmpfs /run/user/1000 tmpfs rw 0 0",
  "/dev/sdc1 /mnt/gone ext4 rw 0 0",
  "/dev/sda1 / ext4 rw,relatime 0 0",
  "",
].join("\n");

const STATS: FsStats = { type: 0xef53, bsize: 4096, blocks: 100, bfree: 40, bavail: 30, files: 1000, ffree: 900 };

/** statfs that never answers for the NFS mount and fails for the vanished one. */
class FakeStatfs implements StatfsProvider {
  calls: string[] = [];
  hang = true;
  release?: (s: FsStats) => void;
  statfs(path: string): Promise<FsStats> {
    this.calls.push(path);
    if (this.hang && path.endsWith("/mnt/nfs")) return new Promise((resolve) => (this.release = resolve));
    if (path.endsWith("/mnt/gone")) return Promise.reject(new StatfsError(2));
    return Promise.resolve(STATS);
  }
}

const tree = makeHostTree({ "proc/1/mountinfo": mountinfoFromMounts(MOUNTS) });
afterAll(() => tree.remove());

function make(statfs: StatfsProvider, timers: ManualTimers) {
  return new FilesystemCollector({
    paths: tree.paths,
    logger: silentLogger,
    mountPointsExclude: compileGoRegexp("^/(dev|proc|sys)($|/)", "mp"),
    fsTypesExclude: compileGoRegexp("^(proc|tmpfs)$", "fs"),
    mountTimeout: 5,
    statfs,
    timers,
  });
}

async function scrape(c: FilesystemCollector, whileWaiting?: () => void): Promise<string> {
  const out = new FamilyBuilder();
  const done = c.update(out);
  // Let the statfs promises settle before time moves.
  await Bun.sleep(0);
  whileWaiting?.();
  await done;
  return writeText(out.build());
}

describe("filesystem collector with a hung mount", () => {
  const statfs = new FakeStatfs();
  const timers = new ManualTimers();
  const c = make(statfs, timers);
  let first = "";
  let second = "";
  let third = "";

  test("the scrape answers once the mount timeout passes", async () => {
    // Only the 5 s mount timeout of the hung call can be pending; firing it must end the scrape.
    first = await scrape(c, () => {
      expect(timers.delays).toEqual([5000]);
      timers.fire(5000);
    });
    expect(first).toContain('node_filesystem_device_error{device="server:/export",device_error="mountpoint timeout",fstype="nfs4",mountpoint="/mnt/nfs"} 1');
    expect(first).not.toContain('node_filesystem_size_bytes{device="server:/export"');
  });

  const healthy: [string, string][] = [
    ["size", 'node_filesystem_size_bytes{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 409600'],
    ["free", 'node_filesystem_free_bytes{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 163840'],
    ["avail", 'node_filesystem_avail_bytes{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 122880'],
    ["files", 'node_filesystem_files{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 1000'],
    ["files free", 'node_filesystem_files_free{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 900'],
    ["no error", 'node_filesystem_device_error{device="/dev/sda1",device_error="",fstype="ext4",mountpoint="/"} 0'],
    ["escaped mount point, ro", 'node_filesystem_readonly{device="/dev/sdb1",device_error="",fstype="xfs",mountpoint="/mnt/with space"} 1'],
    ["statfs errno as label", 'node_filesystem_device_error{device="/dev/sdc1",device_error="no such file or directory",fstype="ext4",mountpoint="/mnt/gone"} 1'],
  ];
  test.each(healthy)("other mounts are normal: %s", (_n, line) => {
    expect(first).toContain(line);
  });

  test("excluded mounts and duplicates are not reported", () => {
    expect(first).not.toContain('mountpoint="/proc"');
    expect(first).not.toContain('mountpoint="/run/user/1000"');
    expect(first.match(/node_filesystem_size_bytes\{device="\/dev\/sda1"/g)).toHaveLength(1);
  });

  test("the next scrape skips the stuck mount without waiting", async () => {
    const before = statfs.calls.filter((p) => p.endsWith("/mnt/nfs")).length;
    second = await scrape(c, () => expect(timers.delays).toEqual([]));
    expect(statfs.calls.filter((p) => p.endsWith("/mnt/nfs")).length).toBe(before);
    expect(second).toContain('node_filesystem_device_error{device="server:/export",device_error="mountpoint timeout",fstype="nfs4",mountpoint="/mnt/nfs"} 1');
    expect(second).toContain('node_filesystem_size_bytes{device="/dev/sda1"');
  });

  test("once the hung call returns, the mount is monitored again", async () => {
    statfs.hang = false;
    statfs.release?.(STATS);
    await Bun.sleep(0);
    third = await scrape(c, () => expect(timers.fire()).toBe(0));
    expect(third).toContain('node_filesystem_size_bytes{device="server:/export",device_error="",fstype="nfs4",mountpoint="/mnt/nfs"} 409600');
  });
});

describe("mount info and read-only state", () => {
  test("node_filesystem_mount_info with the device numbers (node_exporter 1.9)", async () => {
    const statfs = new FakeStatfs();
    statfs.hang = false;
    const text = await scrape(make(statfs, new ManualTimers()));
    expect(text).toContain('node_filesystem_mount_info{device="/dev/sda1",major="0",minor="1",mountpoint="/"} 1');
    // A failed statfs has no mount info, as upstream.
    expect(text).not.toContain('node_filesystem_mount_info{device="/dev/sdc1"');
  });

  test.each([
    ["rw", "rw", false],
    ["ro,noatime", "rw", true],
    ["rw", "ro", true],
    ["rw", "rw,errors=remount-ro,emergency_ro", true],
    ["rw", "errors=remount-ro", false],
  ])("options %p super %p: read-only %p", (options, superOptions, want) => {
    expect(isReadOnly({ options, superOptions })).toBe(want);
  });
});

describe("filesystem collector flags", () => {
  test("deprecated and new flag together are an error", () => {
    expect(() =>
      collectorScraper(filesystemCollector, tree.paths, [
        "--collector.filesystem.ignored-mount-points=^/x",
        "--collector.filesystem.mount-points-exclude=^/y",
      ]),
    ).toThrow("mutually exclusive");
  });

  test("an include pattern replaces the default exclude (node_exporter 1.9)", () => {
    const c = new FilesystemCollector({
      paths: tree.paths,
      logger: silentLogger,
      fsTypesInclude: compileGoRegexp("^xfs$", "fs"),
      mountTimeout: 0,
      statfs: new FakeStatfs(),
    });
    return scrape(c).then((text) => {
      expect(text).toContain('node_filesystem_size_bytes{device="/dev/sdb1",device_error="",fstype="xfs",mountpoint="/mnt/with space"} 409600');
      expect(text).not.toContain('fstype="ext4"');
    });
  });

  test("include and exclude together are an error; include alone is not", () => {
    expect(() =>
      collectorScraper(filesystemCollector, tree.paths, [
        "--collector.filesystem.mount-points-include=^/mnt",
        "--collector.filesystem.mount-points-exclude=^/y",
      ]),
    ).toThrow("--collector.filesystem.mount-points-exclude and --collector.filesystem.mount-points-include are mutually exclusive");
    expect(() => collectorScraper(filesystemCollector, tree.paths, ["--collector.filesystem.fs-types-include=^xfs$"])).not.toThrow();
  });

  test("a bad exclude pattern names its flag", () => {
    expect(() => collectorScraper(filesystemCollector, tree.paths, ["--collector.filesystem.fs-types-exclude=("])).toThrow(
      "--collector.filesystem.fs-types-exclude",
    );
  });
});
