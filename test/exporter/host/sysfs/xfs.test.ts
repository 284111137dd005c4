import { afterAll, describe, expect, test } from "bun:test";
import { xfsCollector } from "../../../../src/exporter/collectors/xfs.ts";
import { parseXfsStats } from "../../../../src/exporter/host/sysfs/xfs.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

describe("parseXfsStats", () => {
  const ok: [string, string, string, number[] | undefined][] = [
    ["extent_alloc", "extent_alloc 1 2 3 4\n", "extent_alloc", [1, 2, 3, 4]],
    ["vnodes with 8 values", "vnodes 1 2 3 4 5 6 7 8\n", "vnodes", [1, 2, 3, 4, 5, 6, 7, 8]],
    ["xpc takes uint64", "xpc 5000000000 1 2\n", "xpc", [5000000000, 1, 2]],
    ["unknown group kept", "rmapbt 9 9\n", "rmapbt", [9, 9]],
    ["label alone skipped", "foo\nrw 1 2\n", "foo", undefined],
  ];
  test.each(ok)("%s", (_n, text, group, want) => {
    expect(parseXfsStats(text).get(group)).toEqual(want);
  });

  const bad: [string, string, string][] = [
    ["wrong count", "rw 1 2 3\n", "line 1: incorrect number of values for XFS rw stats: 3"],
    ["uint32 overflow", "dir 5000000000 1 2 3\n", 'line 1: dir: invalid value "5000000000"'],
    ["negative", "extent_alloc 1 2 3 4\nabt -1 2 3 4\n", 'line 2: abt: invalid value "-1"'],
  ];
  test.each(bad)("rejects %s", (_n, text, message) => {
    expect(() => parseXfsStats(text)).toThrow(message);
  });
});

describe("xfs collector", () => {
  const tree = makeHostTree({
    "sys/fs/xfs/sda1/stats/stats": "extent_alloc 1 2 3 4\nrw 10 20\nvnodes 1 2 3 4 5 6 7\n",
    "sys/fs/xfs/stats/stats": "extent_alloc 9 9 9 9\n",
    "sys/fs/xfs/xqm/stat": "",
  });
  afterAll(() => tree.remove());

  test("exposition", async () => {
    const text = await collectorScraper(xfsCollector, tree.paths)();
    const want = [
      'node_xfs_extent_allocation_blocks_allocated_total{device="sda1"} 2',
      'node_xfs_write_calls_total{device="sda1"} 10',
      'node_xfs_read_calls_total{device="sda1"} 20',
      'node_xfs_vnode_remove_total{device="sda1"} 7',
      // A group absent from the file reads as zero.
      'node_xfs_directory_operation_getdents_total{device="sda1"} 0',
    ];
    for (const line of want) expect(text).toContain(line);
    expect(text).not.toContain('device="stats"');
  });
});
