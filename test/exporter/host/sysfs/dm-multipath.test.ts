import { expect, test } from "bun:test";
import { dmmultipathCollector } from "../../../../src/exporter/collectors/dmmultipath.ts";
import { readDmMultipathDevices } from "../../../../src/exporter/host/sysfs/dm-multipath.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const FILES = {
  // A multipath map with two paths, one of them down.
  "sys/block/dm-1/dm/uuid": "mpath-36005\n",
  "sys/block/dm-1/dm/name": "mpatha\n",
  "sys/block/dm-1/dm/suspended": "0\n",
  "sys/block/dm-1/size": "2048\n",
  "sys/block/dm-1/slaves/sdb": "",
  "sys/block/dm-1/slaves/nvme1n1": "",
  "sys/block/sdb/device/state": "offline\n",
  "sys/block/nvme1n1/device/state": "live\n",
  // Not multipath: an LVM volume, and a dm device without a uuid file.
  "sys/block/dm-0/dm/uuid": "LVM-abc\n",
  "sys/block/dm-2/size": "8\n",
  // A suspended map without slaves.
  "sys/block/dm-3/dm/uuid": "mpath-9\n",
  "sys/block/dm-3/dm/name": "mpathb\n",
  "sys/block/dm-3/dm/suspended": "1\n",
  "sys/block/dm-3/size": "1\n",
  "sys/block/sda/size": "1\n",
};

test("only mpath- maps, with their paths and states", () => {
  const tree = makeHostTree(FILES);
  try {
    expect(readDmMultipathDevices(tree.paths)).toEqual([
      {
        name: "mpatha",
        sysfsName: "dm-1",
        uuid: "mpath-36005",
        suspended: false,
        sizeBytes: 2048 * 512,
        paths: [
          { device: "nvme1n1", state: "live" },
          { device: "sdb", state: "offline" },
        ],
      },
      { name: "mpathb", sysfsName: "dm-3", uuid: "mpath-9", suspended: true, sizeBytes: 512, paths: [] },
    ]);
  } finally {
    tree.remove();
  }
});

test("collector: counts, activity and path states", async () => {
  const tree = makeHostTree(FILES);
  try {
    const text = await collectorScraper(dmmultipathCollector, tree.paths)();
    expect(text).toContain('node_dmmultipath_device_paths{device="mpatha",sysfs_name="dm-1"} 2\n');
    expect(text).toContain('node_dmmultipath_device_paths_active{device="mpatha",sysfs_name="dm-1"} 1\n');
    expect(text).toContain('node_dmmultipath_device_paths_failed{device="mpatha",sysfs_name="dm-1"} 1\n');
    expect(text).toContain('node_dmmultipath_device_active{device="mpathb",sysfs_name="dm-3"} 0\n');
    expect(text).toContain('node_dmmultipath_path_state{device="mpatha",path="sdb",state="offline"} 1\n');
    expect(text).toContain('node_dmmultipath_device_info{device="mpatha",sysfs_name="dm-1",uuid="mpath-36005"} 1\n');
  } finally {
    tree.remove();
  }
});

test("a path without a state file fails the collector, naming the path", async () => {
  const { "sys/block/sdb/device/state": _, ...files } = FILES;
  const tree = makeHostTree(files);
  try {
    await expect(collectorScraper(dmmultipathCollector, tree.paths)()).rejects.toThrow(/device\/state for sdb/);
  } finally {
    tree.remove();
  }
});

test("no /sys/block is no data", async () => {
  const tree = makeHostTree({});
  try {
    await expect(collectorScraper(dmmultipathCollector, tree.paths)()).rejects.toThrow("collector returned no data");
  } finally {
    tree.remove();
  }
});
