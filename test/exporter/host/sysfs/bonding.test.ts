import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Paths } from "../../../../src/exporter/paths.ts";
import { isMiiUp, parseNameList, readBondingStats } from "../../../../src/exporter/host/sysfs/bonding.ts";

describe("parseNameList", () => {
  const rows: [string, string[]][] = [
    ["bond0 bond1\n", ["bond0", "bond1"]],
    ["\n", []],
    ["  eth0\teth1  eth2\n", ["eth0", "eth1", "eth2"]],
  ];
  test.each(rows)("%p", (text, want) => {
    expect(parseNameList(text)).toEqual(want);
  });
});

describe("isMiiUp", () => {
  const rows: [string, boolean][] = [
    ["up\n", true],
    ["down\n", false],
    ["going back\n", false],
  ];
  test.each(rows)("%p", (text, want) => {
    expect(isMiiUp(text)).toBe(want);
  });
});

describe("readBondingStats", () => {
  const root = mkdtempSync(join(tmpdir(), "mon-bonding-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (rel: string, text: string) => {
    const p = join(root, "class/net", rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  };
  put("bonding_masters", "bond0 int\n");
  put("bond0/bonding/slaves", "eth0 eth1\n");
  put("bond0/lower_eth0/bonding_slave/mii_status", "up\n");
  put("bond0/slave_eth1/bonding_slave/mii_status", "down\n");
  put("int/bonding/slaves", "\n");
  const paths = new Paths({ procfs: "/nonexistent", sysfs: root, rootfs: "/", udevData: "/nonexistent" });

  test("counts slaves and active slaves, falling back to slave_ directories", () => {
    expect(readBondingStats(paths)).toEqual([
      { master: "bond0", slaves: 2, active: 1 },
      { master: "int", slaves: 0, active: 0 },
    ]);
  });
  test("a missing bonding_masters is ENOENT", () => {
    const none = new Paths({ procfs: "/x", sysfs: join(root, "nope"), rootfs: "/", udevData: "/x" });
    expect(() => readBondingStats(none)).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});
