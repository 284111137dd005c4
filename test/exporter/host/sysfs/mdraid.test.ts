import { describe, expect, test } from "bun:test";
import { mdadmCollector } from "../../../../src/exporter/collectors/mdadm.ts";
import { checkSyncCompleted, parseRaidDisks, readMdraids } from "../../../../src/exporter/host/sysfs/mdraid.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

test.each([
  ["4\n", 4],
  ["4 (3)\n", 4],
  ["", undefined],
  ["many", undefined],
])("raid_disks %p -> %p", (text, want) => expect(parseRaidDisks(text)).toBe(want));

test("sync_completed: none or a fraction", () => {
  expect(() => checkSyncCompleted("none")).not.toThrow();
  expect(() => checkSyncCompleted("100 / 200")).not.toThrow();
  expect(() => checkSyncCompleted("half")).toThrow(/sync_completed/);
});

const md = (dev: string, files: Record<string, string>) =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [`sys/block/${dev}/md/${k}`, v]));
const FILES: Record<string, string> = {
  "proc/mdstat": "Personalities : [raid1]\nunused devices: <none>\n",
  ...md("md0", {
    level: "raid1\n",
    array_state: "clean\n",
    metadata_version: "1.2\n",
    raid_disks: "2\n",
    uuid: "u0\n",
    degraded: "1\n",
    sync_action: "idle\n",
    sync_completed: "none\n",
    "dev-sda1/state": "in_sync\n",
  }),
  // A container has no raid disk count and no degraded file.
  ...md("md127", { level: "container\n", array_state: "inactive\n", metadata_version: "external:imsm\n", uuid: "u1\n" }),
  "sys/block/sda/size": "1\n",
};

describe("readMdraids", () => {
  test("arrays, their disk counts and degraded disks", () => {
    const t = makeHostTree(FILES);
    try {
      expect(readMdraids(t.paths)).toEqual([
        { device: "md0", level: "raid1", disks: 2, degradedDisks: 1 },
        { device: "md127", level: "container", disks: undefined, degradedDisks: 0 },
      ]);
    } finally {
      t.remove();
    }
  });

  test("collector: raid_disks only where known, degraded for every array", async () => {
    const t = makeHostTree(FILES);
    try {
      const text = await collectorScraper(mdadmCollector, t.paths)();
      expect(text).toContain('node_md_raid_disks{device="md0"} 2\n');
      expect(text).not.toContain('node_md_raid_disks{device="md127"}');
      expect(text).toContain('node_md_degraded{device="md127"} 0\n');
      expect(text).toContain('node_md_degraded{device="md0"} 1\n');
    } finally {
      t.remove();
    }
  });

  test("a redundant array without its degraded file is no data, after the mdstat series", async () => {
    const files = { ...FILES };
    delete files["sys/block/md0/md/degraded"];
    const t = makeHostTree(files);
    try {
      await expect(collectorScraper(mdadmCollector, t.paths)()).rejects.toThrow("Not collecting mdraids");
    } finally {
      t.remove();
    }
  });
});
