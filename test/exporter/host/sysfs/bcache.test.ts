import { afterAll, describe, expect, test } from "bun:test";
import { bcacheCollector } from "../../../../src/exporter/collectors/bcache.ts";
import {
  dehumanize,
  dehumanizeSigned,
  parsePriorityStats,
  parseWritebackRateDebug,
} from "../../../../src/exporter/host/sysfs/bcache.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

describe("dehumanize", () => {
  const cases: [string, number][] = [
    ["0", 0],
    ["512", 512],
    ["1k", 1024],
    ["1.1M", Math.trunc((1 + 1 / 10.24) * 2 ** 20)],
    ["20.4G", Math.trunc((20 + 4 / 10.24) * 2 ** 30)],
    ["3x", 0],
  ];
  test.each(cases)("%s", (text, want) => {
    expect(dehumanize(text)).toBe(want);
  });
  test("signed", () => {
    expect(dehumanizeSigned("-2k")).toBe(-2048);
  });
  const bad: [string, string][] = [
    ["", "zero-length reply"],
    ["abc", "invalid number"],
    ["1.xk", "invalid number"],
  ];
  test.each(bad)("rejects %p", (text, message) => {
    expect(() => dehumanize(text)).toThrow(message);
  });
});

describe("parseWritebackRateDebug", () => {
  test("all fields", () => {
    const text = "rate:\t\t1.1M/sec\ndirty:\t\t20.4G\ntarget:\t\t20.4G\nproportional:\t427.5k\nintegral:\t-790.0k\nchange:\t\t321.5k/sec\nnext io:\t17ms\n";
    expect(parseWritebackRateDebug(text)).toEqual({
      rate: dehumanize("1.1M"),
      dirty: dehumanize("20.4G"),
      target: dehumanize("20.4G"),
      proportional: dehumanize("427.5k"),
      integral: -dehumanize("790.0k"),
      change: dehumanize("321.5k"),
      nextIO: 17,
    });
  });
  test("bad next io names the line", () => {
    expect(() => parseWritebackRateDebug("rate: 1k/sec\nnext io: soonms\n")).toThrow('line 2: invalid integer "soon"');
  });
});

describe("parsePriorityStats", () => {
  const cases: [string, string, { unusedPercent: number; metadataPercent: number }][] = [
    ["both", "Unused:\t\t99%\nClean:\t\t0%\nMetadata:\t3%\n", { unusedPercent: 99, metadataPercent: 3 }],
    ["none", "Sectors per Q:\t1\n", { unusedPercent: 0, metadataPercent: 0 }],
  ];
  test.each(cases)("%s", (_n, text, want) => {
    expect(parsePriorityStats(text)).toEqual(want);
  });
  test("bad percentage", () => {
    expect(() => parsePriorityStats("Unused: x%\n")).toThrow('line 1: invalid percentage "x"');
  });
});

describe("bcache collector", () => {
  const set = "sys/fs/bcache/aaaa-bbbb";
  const tree = makeHostTree({
    [`${set}/average_key_size`]: "4k\n",
    [`${set}/cache_available_percent`]: "100\n",
    [`${set}/internal/btree_read_average_duration_us`]: "1305\n",
    [`${set}/bdev0/dirty_data`]: "1k\n",
    [`${set}/bdev0/writeback_rate_debug`]: "rate: 4k/sec\ntarget: 1M\n",
    [`${set}/bdev0/stats_total/cache_hits`]: "546\n",
    [`${set}/cache0/written`]: "2k\n",
    [`${set}/cache0/priority_stats`]: "Unused: 99%\nMetadata: 1%\n",
    "sys/fs/bcache/register": "",
  });
  afterAll(() => tree.remove());

  test("with priority stats", async () => {
    const text = await collectorScraper(bcacheCollector, tree.paths, ["--collector.bcache.priorityStats"])();
    const want = [
      'node_bcache_average_key_size_sectors{uuid="aaaa-bbbb"} 4096',
      'node_bcache_btree_read_average_duration_seconds{uuid="aaaa-bbbb"} 1.305e-06',
      'node_bcache_dirty_data_bytes{backing_device="bdev0",uuid="aaaa-bbbb"} 1024',
      'node_bcache_writeback_rate{backing_device="bdev0",uuid="aaaa-bbbb"} 4096',
      'node_bcache_dirty_target_bytes{backing_device="bdev0",uuid="aaaa-bbbb"} 1.048576e+06',
      'node_bcache_cache_hits_total{backing_device="bdev0",uuid="aaaa-bbbb"} 546',
      'node_bcache_written_bytes_total{cache_device="cache0",uuid="aaaa-bbbb"} 2048',
      'node_bcache_priority_stats_unused_percent{cache_device="cache0",uuid="aaaa-bbbb"} 99',
    ];
    for (const line of want) expect(text).toContain(line);
    // Readaheads only appear when non-zero.
    expect(text).not.toContain("node_bcache_cache_readaheads_total");
  });

  test("without priority stats", async () => {
    const text = await collectorScraper(bcacheCollector, tree.paths)();
    expect(text).toContain("node_bcache_io_errors");
    expect(text).not.toContain("priority_stats");
  });

  test("a missing writeback_rate_debug fails the collector with the path", async () => {
    const t = makeHostTree({ "sys/fs/bcache/x-y/bdev1/dirty_data": "0\n" });
    try {
      await expect(collectorScraper(bcacheCollector, t.paths)()).rejects.toThrow("bdev1/writeback_rate_debug");
    } finally {
      t.remove();
    }
  });
});
