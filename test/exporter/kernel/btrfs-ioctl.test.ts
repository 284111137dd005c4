import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { skipWithoutHardware } from "../../support/requirements.ts";
import { btrfsDevices, btrfsFsInfo, closeBtrfs, formatDevUuid, openBtrfs } from "../../../src/exporter/kernel/btrfs-ioctl.ts";

describe("formatDevUuid", () => {
  const cases: [string, number[], string][] = [
    ["dashed 8-4-4-4-12", [0xb9, 0x6a, 0x1c, 0xca, 0x29, 0xe8, 0x49, 0xfb, 0x9c, 0xd4, 0xc0, 0xce, 0x71, 0x43, 0x3a, 0x0b], "b96a1cca-29e8-49fb-9cd4-c0ce71433a0b"],
    ["all zero", new Array(16).fill(0), "<zero>"],
  ];
  test.each(cases)("%s", (_n, bytes, want) => {
    expect(formatDevUuid(new Uint8Array(bytes))).toBe(want);
  });
});

describe("openBtrfs", () => {
  test("refuses a directory that is not a btrfs subvolume", () => {
    expect(() => openBtrfs("/proc")).toThrow("not a btrfs subvolume");
  });
});

// The ioctls themselves need a mounted btrfs; most CI hosts have none.
const btrfsMount = readFileSync("/proc/self/mounts", "utf8")
  .split("\n")
  .map((l) => l.split(" "))
  .find((f) => f[2] === "btrfs")?.[1];
const noBtrfs = skipWithoutHardware("btrfs ioctl test", btrfsMount ? undefined : "no btrfs filesystem mounted on this host");

describe.skipIf(noBtrfs)("btrfs ioctls on a mounted filesystem", () => {
  test("fs info and devices", () => {
    let fd: number;
    try {
      fd = openBtrfs(btrfsMount as string);
    } catch (err) {
      // Mounted below a subvolume root: nothing to query there.
      expect((err as Error).message).toContain("not a btrfs");
      return;
    }
    try {
      const info = btrfsFsInfo(fd);
      expect(info.fsid).toMatch(/^[0-9a-f]{32}$/);
      const devices = btrfsDevices(fd, info);
      expect(devices).toHaveLength(info.numDevices);
      for (const d of devices) {
        expect(d.totalBytes).toBeGreaterThanOrEqual(d.bytesUsed);
        expect(d.path.startsWith("/")).toBe(true);
      }
    } finally {
      closeBtrfs(fd);
    }
  });
});
