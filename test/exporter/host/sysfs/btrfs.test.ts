import { afterAll, describe, expect, test } from "bun:test";
import { btrfsCollector } from "../../../../src/exporter/collectors/btrfs.ts";
import { allocationRatio, readBtrfs } from "../../../../src/exporter/host/sysfs/btrfs.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

describe("allocationRatio", () => {
  const cases: [string, number, number][] = [
    ["single", 1, 1],
    ["raid0", 4, 1],
    ["dup", 1, 2],
    ["raid10", 4, 2],
    ["raid5", 4, 4 / 3],
    ["raid6", 4, 2],
    ["unknown", 4, 0],
  ];
  test.each(cases)("%s on %d devices", (layout, devices, want) => {
    expect(allocationRatio(layout, devices)).toBe(want);
  });
});

const fs = "sys/fs/btrfs/1111-2222";
const tree = makeHostTree({
  [`${fs}/label`]: "data\n",
  [`${fs}/devices/sda/size`]: "20\n",
  [`${fs}/devices/sdb/size`]: "40\n",
  [`${fs}/devices/sdc/size`]: "x\n",
  [`${fs}/features/mixed_backref`]: "0\n",
  [`${fs}/allocation/global_rsv_size`]: "16777216\n",
  [`${fs}/allocation/data/bytes_reserved`]: "7\n",
  [`${fs}/allocation/data/raid5/total_bytes`]: "3000\n",
  [`${fs}/allocation/data/raid5/used_bytes`]: "1000\n",
  [`${fs}/allocation/metadata/dup/total_bytes`]: "100\n",
  [`${fs}/allocation/system/single/used_bytes`]: "5\n",
  [`${fs}/commit_stats`]: "commits 5\nlast_commit_ms 2\nmax_commit_ms 1500\ntotal_commit_ms 47836090\nfuture_key 9\n",
  "sys/fs/btrfs/features/foo": "",
});
afterAll(() => tree.remove());

describe("readBtrfs", () => {
  test("reads label, devices and allocation", () => {
    const [s] = readBtrfs(tree.paths);
    expect(s.uuid).toBe("1111-2222");
    expect(s.label).toBe("data");
    // An unparseable size reads as 0, as in procfs.
    expect([...s.devices]).toEqual([["sda", 10240], ["sdb", 20480], ["sdc", 0]]);
    expect(s.data.reservedBytes).toBe(7);
    expect(s.data.layouts.get("raid5")).toEqual({ totalBytes: 3000, usedBytes: 1000, ratio: 1.5 });
    expect(s.metadata.layouts.get("dup")?.ratio).toBe(2);
    expect(s.system.layouts.get("single")?.usedBytes).toBe(5);
    // Unknown commit_stats keys are skipped.
    expect(s.commits).toEqual({ commits: 5, lastCommitMs: 2, maxCommitMs: 1500, totalCommitMs: 47836090 });
  });

  test("a malformed commit_stats fails with the path", () => {
    const t = makeHostTree({
      "sys/fs/btrfs/a-b/devices/sda/size": "1\n",
      "sys/fs/btrfs/a-b/features/x": "",
      "sys/fs/btrfs/a-b/allocation/data/x": "",
      "sys/fs/btrfs/a-b/allocation/metadata/x": "",
      "sys/fs/btrfs/a-b/allocation/system/x": "",
      "sys/fs/btrfs/a-b/commit_stats": "commits\n",
    });
    try {
      expect(() => readBtrfs(t.paths)).toThrow("a-b: invalid commit_stats line");
    } finally {
      t.remove();
    }
  });

  test("a missing allocation group fails the read", () => {
    const t = makeHostTree({ "sys/fs/btrfs/a-b/devices/sda/size": "1\n", "sys/fs/btrfs/a-b/features/x": "" });
    try {
      expect(() => readBtrfs(t.paths)).toThrow("ENOENT");
    } finally {
      t.remove();
    }
  });

  test("no btrfs: nothing", () => {
    const t = makeHostTree({});
    try {
      expect(readBtrfs(t.paths)).toEqual([]);
    } finally {
      t.remove();
    }
  });
});

describe("btrfs collector", () => {
  test("exposition", async () => {
    const text = await collectorScraper(btrfsCollector, tree.paths)();
    for (const line of [
      'node_btrfs_info{label="data",uuid="1111-2222"} 1',
      'node_btrfs_global_rsv_size_bytes{uuid="1111-2222"} 1.6777216e+07',
      'node_btrfs_allocation_ratio{block_group_type="data",mode="raid5",uuid="1111-2222"} 1.5',
      'node_btrfs_reserved_bytes{block_group_type="data",uuid="1111-2222"} 7',
      'node_btrfs_device_size_bytes{device="sdb",uuid="1111-2222"} 20480',
      'node_btrfs_commits_total{uuid="1111-2222"} 5',
      'node_btrfs_max_commit_seconds{uuid="1111-2222"} 1.5',
      'node_btrfs_commit_seconds_total{uuid="1111-2222"} 47836.09',
    ]) {
      expect(text).toContain(line);
    }
  });
});
