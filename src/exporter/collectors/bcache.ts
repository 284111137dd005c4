// bcache cache sets from /sys/fs/bcache.

import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { defineCollector } from "../collector.ts";
import { type BcachePeriodStats, type BcacheStats, readBcache } from "../host/sysfs/bcache.ts";
import { type MetricDesc, metricDesc } from "../../metrics/metric-desc.ts";
import { BCACHE_OPTIONS } from "./options/bcache.ts";

const BCACHE_DIRTY_DATA_BYTES = metricDesc(
  "node_bcache_dirty_data_bytes",
  "gauge",
  "Amount of dirty data for this backing device in the cache.",
  ["uuid", "backing_device"],
);
const BCACHE_DIRTY_TARGET_BYTES = metricDesc(
  "node_bcache_dirty_target_bytes",
  "gauge",
  "Current dirty data target threshold for this backing device in bytes.",
  ["uuid", "backing_device"],
);
const BCACHE_WRITEBACK_RATE = metricDesc(
  "node_bcache_writeback_rate",
  "gauge",
  "Current writeback rate for this backing device in bytes.",
  ["uuid", "backing_device"],
);
const BCACHE_WRITEBACK_RATE_PROPORTIONAL_TERM = metricDesc(
  "node_bcache_writeback_rate_proportional_term",
  "gauge",
  "Current result of proportional controller, part of writeback rate",
  ["uuid", "backing_device"],
);
const BCACHE_WRITEBACK_RATE_INTEGRAL_TERM = metricDesc(
  "node_bcache_writeback_rate_integral_term",
  "gauge",
  "Current result of integral controller, part of writeback rate",
  ["uuid", "backing_device"],
);
const BCACHE_WRITEBACK_CHANGE = metricDesc(
  "node_bcache_writeback_change",
  "gauge",
  "Last writeback rate change step for this backing device.",
  ["uuid", "backing_device"],
);
const BCACHE_IO_ERRORS = metricDesc(
  "node_bcache_io_errors",
  "gauge",
  "Number of errors that have occurred, decayed by io_error_halflife.",
  ["uuid", "cache_device"],
);
const BCACHE_METADATA_WRITTEN_BYTES_TOTAL = metricDesc(
  "node_bcache_metadata_written_bytes_total",
  "counter",
  "Sum of all non data writes (btree writes and all other metadata).",
  ["uuid", "cache_device"],
);
const BCACHE_WRITTEN_BYTES_TOTAL = metricDesc(
  "node_bcache_written_bytes_total",
  "counter",
  "Sum of all data that has been written to the cache.",
  ["uuid", "cache_device"],
);
const BCACHE_PRIORITY_STATS_UNUSED_PERCENT = metricDesc(
  "node_bcache_priority_stats_unused_percent",
  "gauge",
  "The percentage of the cache that doesn't contain any data.",
  ["uuid", "cache_device"],
);
const BCACHE_PRIORITY_STATS_METADATA_PERCENT = metricDesc(
  "node_bcache_priority_stats_metadata_percent",
  "gauge",
  "Bcache's metadata overhead.",
  ["uuid", "cache_device"],
);

const BCACHE_CACHE_READ_RACES_TOTAL = metricDesc(
  "node_bcache_cache_read_races_total",
  "counter",
  "Counts instances where while data was being read from the cache, the bucket was reused and invalidated - i.e. where the pointer was stale after the read completed.",
  ["uuid"],
);

// A backing device's period statistics (stats_total).
const periodCounter = (name: string, help: string) => metricDesc(name, "counter", help, ["uuid", "backing_device"]);
const BCACHE_BYPASSED_BYTES_TOTAL = periodCounter("node_bcache_bypassed_bytes_total", "Amount of IO (both reads and writes) that has bypassed the cache.");
const BCACHE_CACHE_HITS_TOTAL = periodCounter("node_bcache_cache_hits_total", "Hits counted per individual IO as bcache sees them.");
const BCACHE_CACHE_MISSES_TOTAL = periodCounter("node_bcache_cache_misses_total", "Misses counted per individual IO as bcache sees them.");
const BCACHE_CACHE_BYPASS_HITS_TOTAL = periodCounter("node_bcache_cache_bypass_hits_total", "Hits for IO intended to skip the cache.");
const BCACHE_CACHE_BYPASS_MISSES_TOTAL = periodCounter("node_bcache_cache_bypass_misses_total", "Misses for IO intended to skip the cache.");
const BCACHE_CACHE_MISS_COLLISIONS_TOTAL = periodCounter("node_bcache_cache_miss_collisions_total", "Instances where data insertion from cache miss raced with write (data already present).");
const BCACHE_CACHE_READAHEADS_TOTAL = periodCounter("node_bcache_cache_readaheads_total", "Count of times readahead occurred.");

function emitPeriod(out: FamilyBuilder, ps: BcachePeriodStats, labels: Record<"uuid" | "backing_device", string>): void {
  out.add(BCACHE_BYPASSED_BYTES_TOTAL, ps.bypassed, labels);
  out.add(BCACHE_CACHE_HITS_TOTAL, ps.cacheHits, labels);
  out.add(BCACHE_CACHE_MISSES_TOTAL, ps.cacheMisses, labels);
  out.add(BCACHE_CACHE_BYPASS_HITS_TOTAL, ps.cacheBypassHits, labels);
  out.add(BCACHE_CACHE_BYPASS_MISSES_TOTAL, ps.cacheBypassMisses, labels);
  out.add(BCACHE_CACHE_MISS_COLLISIONS_TOTAL, ps.cacheMissCollisions, labels);
  if (ps.cacheReadaheads !== 0) out.add(BCACHE_CACHE_READAHEADS_TOTAL, ps.cacheReadaheads, labels);
}

const cacheSetGauge = (name: string, help: string) => metricDesc(`node_bcache_${name}`, "gauge", help, ["uuid"]);
const CACHE_SET_GAUGES: [MetricDesc<"uuid">, (s: BcacheStats) => number][] = [
  [cacheSetGauge("average_key_size_sectors", "Average data per key in the btree (sectors)."), (s) => s.averageKeySize],
  [cacheSetGauge("btree_cache_size_bytes", "Amount of memory currently used by the btree cache."), (s) => s.btreeCacheSize],
  [
    cacheSetGauge(
      "cache_available_percent",
      "Percentage of cache device without dirty data, usable for writeback (may contain clean cached data).",
    ),
    (s) => s.cacheAvailablePercent,
  ],
  [cacheSetGauge("congested", "Congestion."), (s) => s.congested],
  [
    cacheSetGauge("root_usage_percent", "Percentage of the root btree node in use (tree depth increases if too high)."),
    (s) => s.rootUsagePercent,
  ],
  [cacheSetGauge("tree_depth", "Depth of the btree."), (s) => s.treeDepth],
  [cacheSetGauge("active_journal_entries", "Number of journal entries that are newer than the index."), (s) => s.activeJournalEntries],
  [cacheSetGauge("btree_nodes", "Total nodes in the btree."), (s) => s.btreeNodes],
  // Upstream scales the microseconds file by 1e-9; kept for drop-in equality.
  [cacheSetGauge("btree_read_average_duration_seconds", "Average btree read duration."), (s) => s.btreeReadAverageDurationRaw * 1e-9],
];

function emit(out: FamilyBuilder, s: BcacheStats, priorityStats: boolean): void {
  const uuid = s.uuid;
  for (const [desc, value] of CACHE_SET_GAUGES) out.add(desc, value(s), { uuid });
  out.add(BCACHE_CACHE_READ_RACES_TOTAL, s.cacheReadRaces, { uuid });
  for (const b of s.bdevs) {
    const labels = { uuid, backing_device: b.name };
    const w = b.writebackRateDebug;
    out.add(BCACHE_DIRTY_DATA_BYTES, b.dirtyData, labels);
    out.add(BCACHE_DIRTY_TARGET_BYTES, w.target, labels);
    out.add(BCACHE_WRITEBACK_RATE, w.rate, labels);
    out.add(BCACHE_WRITEBACK_RATE_PROPORTIONAL_TERM, w.proportional, labels);
    out.add(BCACHE_WRITEBACK_RATE_INTEGRAL_TERM, w.integral, labels);
    out.add(BCACHE_WRITEBACK_CHANGE, w.change, labels);
    emitPeriod(out, b.total, labels);
  }
  for (const c of s.caches) {
    const labels = { uuid, cache_device: c.name };
    out.add(BCACHE_IO_ERRORS, c.ioErrors, labels);
    out.add(BCACHE_METADATA_WRITTEN_BYTES_TOTAL, c.metadataWritten, labels);
    out.add(BCACHE_WRITTEN_BYTES_TOTAL, c.written, labels);
    if (priorityStats && c.priority) {
      out.add(BCACHE_PRIORITY_STATS_UNUSED_PERCENT, c.priority.unusedPercent, labels);
      out.add(BCACHE_PRIORITY_STATS_METADATA_PERCENT, c.priority.metadataPercent, labels);
    }
  }
}

export const bcacheCollector = defineCollector({
  name: "bcache",
  options: BCACHE_OPTIONS,
  create({ paths, options }) {
    const priorityStats = options.priorityStats;
    return {
      update(out) {
        let stats: BcacheStats[];
        try {
          stats = readBcache(paths, priorityStats);
        } catch (err) {
          throw new Error(`failed to retrieve bcache stats: ${(err as Error).message}`, { cause: err });
        }
        for (const s of stats) emit(out, s, priorityStats);
      },
    };
  },
});
