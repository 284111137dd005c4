import { describe, expect, test } from "bun:test";
import { isLocalFsType } from "../../../src/exporter/kernel/local-fs-types.ts";

describe("isLocalFsType", () => {
  const cases: [string, boolean][] = [
    ["ext4", true],
    ["xfs", true],
    ["btrfs", true],
    ["tmpfs", true],
    ["vfat", true],
    // Network, FUSE and stacked filesystems can block statfs: they go to the worker pool.
    ["nfs", false],
    ["nfs4", false],
    ["cifs", false],
    ["ceph", false],
    ["fuse.sshfs", false],
    ["fuseblk", false],
    ["overlay", false],
    ["zfs", false],
    ["autofs", false],
    ["", false],
    ["EXT4", false],
  ];
  test.each(cases)("%p -> %p", (fsType, local) => {
    expect(isLocalFsType(fsType)).toBe(local);
  });
});
