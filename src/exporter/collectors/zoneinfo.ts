// node_exporter's zoneinfo collector: per node and zone page counts.

import type { CollectorDefinition } from "../collector.ts";
import { type ZoneinfoKey, readZoneinfo } from "../host/procfs/zoneinfo.ts";
import { type MetricDesc, dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";

// Key, metric suffix, HELP, counter? (node_exporter's two description tables).
const FIELDS: Record<ZoneinfoKey, [string, string, boolean]> = {
  nr_free_pages: ["nr_free_pages", "Total number of free pages in the zone", false],
  min: ["min_pages", "Zone watermark pages_min", false],
  low: ["low_pages", "Zone watermark pages_low", false],
  high: ["high_pages", "Zone watermark pages_high", false],
  scanned: ["scanned_pages", "Pages scanned since last reclaim", false],
  spanned: ["spanned_pages", "Total pages spanned by the zone, including holes", false],
  present: ["present_pages", "Physical pages existing within the zone", false],
  managed: ["managed_pages", "Present pages managed by the buddy system", false],
  nr_active_anon: ["nr_active_anon_pages", "Number of anonymous pages recently more used", false],
  nr_inactive_anon: ["nr_inactive_anon_pages", "Number of anonymous pages recently less used", false],
  nr_isolated_anon: ["nr_isolated_anon_pages", "Temporary isolated pages from anon lru", false],
  nr_anon_pages: ["nr_anon_pages", "Number of anonymous pages currently used by the system", false],
  nr_anon_transparent_hugepages: ["nr_anon_transparent_hugepages", "Number of anonymous transparent huge pages currently used by the system", false],
  nr_active_file: ["nr_active_file_pages", "Number of active pages with file-backing", false],
  nr_inactive_file: ["nr_inactive_file_pages", "Number of inactive pages with file-backing", false],
  nr_isolated_file: ["nr_isolated_file_pages", "Temporary isolated pages from file lru", false],
  nr_file_pages: ["nr_file_pages", "Number of file pages", false],
  nr_slab_reclaimable: ["nr_slab_reclaimable_pages", "Number of reclaimable slab pages", false],
  nr_slab_unreclaimable: ["nr_slab_unreclaimable_pages", "Number of unreclaimable slab pages", false],
  nr_mlock_stack: ["nr_mlock_stack_pages", "mlock()ed pages found and moved off LRU", false],
  nr_kernel_stack: ["nr_kernel_stacks", "Number of kernel stacks", false],
  nr_mapped: ["nr_mapped_pages", "Number of mapped pages", false],
  nr_dirty: ["nr_dirty_pages", "Number of dirty pages", false],
  nr_writeback: ["nr_writeback_pages", "Number of writeback pages", false],
  nr_unevictable: ["nr_unevictable_pages", "Number of unevictable pages", false],
  nr_shmem: ["nr_shmem_pages", "Number of shmem pages (included tmpfs/GEM pages)", false],
  nr_dirtied: ["nr_dirtied_total", "Page dirtyings since bootup", true],
  nr_written: ["nr_written_total", "Page writings since bootup", true],
  numa_hit: ["numa_hit_total", "Allocated in intended node", true],
  numa_miss: ["numa_miss_total", "Allocated in non intended node", true],
  numa_foreign: ["numa_foreign_total", "Was intended here, hit elsewhere", true],
  numa_interleave: ["numa_interleave_total", "Interleaver preferred this zone", true],
  numa_local: ["numa_local_total", "Allocation from local node", true],
  numa_other: ["numa_other_total", "Allocation from other node", true],
};

const LABELS = ["node", "zone"] as const;

const METRICS = Object.fromEntries(
  Object.entries(FIELDS).map(([key, [suffix, help, counter]]) => [
    key,
    metricDesc(`node_zoneinfo_${suffix}`, counter ? "counter" : "gauge", help, LABELS),
  ]),
) as Record<ZoneinfoKey, MetricDesc<(typeof LABELS)[number]>>;

// One gauge per entry of the zone's protection array, as long as the kernel makes it.
const PROTECTION = dataNamedDescs((i) => metricDesc(`node_zoneinfo_protection_${i}`, "gauge", `Protection array ${i}. field`, LABELS));

export const zoneinfoCollector: CollectorDefinition = {
  name: "zoneinfo",
  create({ paths }) {
    return {
      update(out) {
        let zones;
        try {
          zones = readZoneinfo(paths);
        } catch (err) {
          throw new Error(`couldn't get zoneinfo: ${(err as Error).message}`, { cause: err });
        }
        for (const z of zones) {
          const labels = { node: z.node, zone: z.zone };
          for (const [key, value] of z.values) {
            out.add(METRICS[key], value, labels);
          }
          z.protection?.forEach((v, i) => out.add(PROTECTION(String(i)), v, labels));
        }
      },
    };
  },
};
