import { describe, expect, test } from "bun:test";
import { bcachefsCollector } from "../../../../src/exporter/collectors/bcachefs.ts";
import {
  parseBcachefsErrors,
  parseBtreeWriteStats,
  parseCompressionStats,
  parseCounterFile,
  parseHumanBytes,
  parseIoDone,
  parseIoErrors,
  readBcachefs,
} from "../../../../src/exporter/host/sysfs/bcachefs.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

describe("parseHumanBytes", () => {
  test.each([
    ["720", 720],
    ["1.5k", 1536],
    ["28.2k", 28876],
    ["3M", 3 * 2 ** 20],
    ["2.05G", 2201170739],
    ["1T", 2 ** 40],
    [" 7 ", 7],
  ])("%p -> %p", (text, want) => expect(parseHumanBytes(text)).toBe(want));
  test.each(["", "k", "12x", "1.2.3G"])("%p is refused", (text) => expect(() => parseHumanBytes(text)).toThrow());
});

test("compression_stats: header skipped, trailing colon dropped, short lines ignored", () => {
  const m = parseCompressionStats("type compressed uncompressed average extent size\nlz4: 1k 2k 4k\nzstd 3M 9M\nshort 1\n");
  expect([...m]).toEqual([
    ["lz4", { compressedBytes: 1024, uncompressedBytes: 2048 }],
    ["zstd", { compressedBytes: 3 * 2 ** 20, uncompressedBytes: 9 * 2 ** 20 }],
  ]);
  expect(() => parseCompressionStats("header\nlz4 1k nope\n")).toThrow(/not a size/);
});

test("errors: count per type, the time column optional but checked", () => {
  expect([...parseBcachefsErrors("bset_bad_csum   2   1767112063\nsubvol_missing 194\n\n")]).toEqual([
    ["bset_bad_csum", 2],
    ["subvol_missing", 194],
  ]);
  expect(() => parseBcachefsErrors("x -1 5\n")).toThrow(/unsigned/);
  expect(() => parseBcachefsErrors("x 1 soon\n")).toThrow(/unsigned/);
});

test("counter file: the value since creation, units allowed", () => {
  expect(parseCounterFile("since mount:   12\nsince filesystem creation:   3k\n")).toBe(3072);
  expect(parseCounterFile("since mount: 12\n")).toBe(0);
  expect(() => parseCounterFile("something else\n")).toThrow(/not recognized/);
});

test("btree_write_stats: count and average size per type", () => {
  expect([...parseBtreeWriteStats("        nr  size\ninitial: 10 1k\ninterior: 3 697\n")]).toEqual([
    ["initial", { count: 10, sizeBytes: 1024 }],
    ["interior", { count: 3, sizeBytes: 697 }],
  ]);
});

test("io_done: per operation and data type; lines before a section ignored", () => {
  const m = parseIoDone("stray : 1\nread:\nsb   :  86016\nuser :102313054208\nwrite:\nsb : 5\n");
  expect([...m.entries()].map(([op, t]) => [op, [...t]])).toEqual([
    ["read", [["sb", 86016], ["user", 102313054208]]],
    ["write", [["sb", 5]]],
  ]);
});

test("io_errors: only the section since creation", () => {
  const text = "IO errors since filesystem creation\n  read:    1\n  checksum:2\nIO errors since 8 y ago\n  read: 9\n";
  expect([...parseIoErrors(text)]).toEqual([
    ["read", 1],
    ["checksum", 2],
  ]);
});

describe("collector", () => {
  test("one file system with one device", async () => {
    const fs = "sys/fs/bcachefs/abc";
    const tree = makeHostTree({
      [`${fs}/btree_cache_size`]: "1.5k\n",
      [`${fs}/errors`]: "bset_bad_csum 2 1767112063\n",
      [`${fs}/counters/bucket_alloc`]: "since mount: 1\nsince filesystem creation: 7\n",
      [`${fs}/counters/io.read`]: "since mount: 1\nsince filesystem creation: 8\n",
      [`${fs}/dev-0/label`]: "ssd\n",
      [`${fs}/dev-0/state`]: "[rw] ro\n",
      [`${fs}/dev-0/nbuckets`]: "100\n",
      [`${fs}/dev-0/io_errors`]: "IO errors since filesystem creation\n  read: 3\n",
    });
    try {
      const text = await collectorScraper(bcachefsCollector, tree.paths)();
      expect(text).toContain('node_bcachefs_btree_cache_size_bytes{uuid="abc"} 1536\n');
      expect(text).toContain('node_bcachefs_errors_total{error_type="bset_bad_csum",uuid="abc"} 2\n');
      expect(text).toContain("# HELP node_bcachefs_bucket_alloc_total Bcachefs counter bucket_alloc since filesystem creation.\n");
      expect(text).toContain('node_bcachefs_io_read_total{uuid="abc"} 8\n');
      expect(text).toContain('node_bcachefs_device_info{device="0",label="ssd",state="[rw] ro",uuid="abc"} 1\n');
      expect(text).toContain('node_bcachefs_device_buckets{device="0",uuid="abc"} 100\n');
      expect(text).toContain('node_bcachefs_device_bucket_size_bytes{device="0",uuid="abc"} 0\n');
      expect(text).toContain('node_bcachefs_device_io_errors_total{device="0",type="read",uuid="abc"} 3\n');
    } finally {
      tree.remove();
    }
  });

  test("no bcachefs folder is no data, not a failure to read", async () => {
    const tree = makeHostTree({});
    try {
      expect(() => readBcachefs(tree.paths)).toThrow(/ENOENT/);
      await expect(collectorScraper(bcachefsCollector, tree.paths)()).rejects.toThrow("collector returned no data");
    } finally {
      tree.remove();
    }
  });

  test("a malformed file fails the collector and names the file", async () => {
    const tree = makeHostTree({ "sys/fs/bcachefs/abc/errors": "x notanumber\n" });
    try {
      await expect(collectorScraper(bcachefsCollector, tree.paths)()).rejects.toThrow(/abc\/errors: x: not an unsigned/);
    } finally {
      tree.remove();
    }
  });
});
