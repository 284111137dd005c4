import { describe, expect, test } from "bun:test";
import { parseEnforce, parseSelinuxConfigMode, selinuxfsFromMountinfo } from "../../../../src/exporter/host/sysfs/selinux.ts";

describe("selinuxfsFromMountinfo", () => {
  const rows: [string, string, string][] = [
    ["found", "22 1 0:20 / /sys rw - sysfs sysfs rw\n23 22 0:21 / /sys/fs/selinux rw,relatime - selinuxfs selinuxfs rw\n", "/sys/fs/selinux"],
    ["absent", "22 1 0:20 / /sys rw - sysfs sysfs rw\n", ""],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(selinuxfsFromMountinfo(text)).toBe(want);
  });
});

describe("parseSelinuxConfigMode", () => {
  const rows: [string, string, number][] = [
    ["enforcing", "# comment\nSELINUX=enforcing\nSELINUXTYPE=targeted\n", 1],
    ["quoted permissive", '  SELINUX="permissive"  \n', 0],
    ["disabled", "SELINUX=disabled\n", -1],
    ["absent key", "SELINUXTYPE=targeted\n", -1],
    ["comment with ;", ";SELINUX=enforcing\n", -1],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parseSelinuxConfigMode(text)).toBe(want);
  });
});

describe("parseEnforce", () => {
  const rows: [string, string | undefined, number][] = [
    ["enforcing", "1", 1],
    ["permissive", "0", 0],
    ["trailing newline is not an int for Go's Atoi", "1\n", -1],
    ["unreadable", undefined, -1],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parseEnforce(text)).toBe(want);
  });
});
