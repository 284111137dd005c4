import { describe, expect, test } from "bun:test";
import { parseMounts, readMounts } from "../../../../src/exporter/host/procfs/mounts.ts";
import { Paths } from "../../../../src/exporter/paths.ts";
import { makeHostTree } from "../../../support/host-tree.ts";

describe("parseMounts", () => {
  const cases: [string, string, { device: string; mountPoint: string; fsType: string; options: string }[]][] = [
    ["plain", "/dev/sda1 / ext4 rw,relatime 0 0\n", [{ device: "/dev/sda1", mountPoint: "/", fsType: "ext4", options: "rw,relatime" }]],
    ["space and tab escapes", "/dev/sdb /mnt/a\\040b\\011c xfs ro 0 0\n", [{ device: "/dev/sdb", mountPoint: "/mnt/a b\tc", fsType: "xfs", options: "ro" }]],
    ["other escapes kept", "x /mnt/a\\134b tmpfs rw 0 0\n", [{ device: "x", mountPoint: "/mnt/a\\134b", fsType: "tmpfs", options: "rw" }]],
    ["four fields suffice", "x /m t o\n", [{ device: "x", mountPoint: "/m", fsType: "t", options: "o" }]],
  ];
  test.each(cases)("%s", (_n, text, want) => {
    expect(parseMounts(text)).toEqual(want);
  });

  test("rootfs prefix stripped", () => {
    const paths = new Paths({ procfs: "/host/proc", sysfs: "/host/sys", rootfs: "/host", udevData: "/run/udev/data" });
    expect(parseMounts("/dev/sda1 /host/var ext4 rw 0 0\n/dev/sda2 /host ext4 rw 0 0\n", (p) => paths.stripRootfs(p)).map((m) => m.mountPoint)).toEqual(["/var", "/"]);
  });

  const bad: [string, string][] = [
    ["three fields", "x /m t\n"],
    ["blank line inside", "x /m t o\n\nx /n t o\n"],
  ];
  test.each(bad)("rejects %s", (_n, text) => {
    expect(() => parseMounts(text)).toThrow("malformed mount point information");
  });

  test("falls back to /proc/mounts without /proc/1/mounts", () => {
    const t = makeHostTree({ "proc/mounts": "tmpfs /tmp tmpfs rw 0 0\n" });
    try {
      expect(readMounts(t.paths).map((m) => m.mountPoint)).toEqual(["/tmp"]);
    } finally {
      t.remove();
    }
  });
});
