import type { CollectorDefinition } from "../collector.ts";
import { readMeminfo } from "../host/procfs/meminfo.ts";
import { type MetricDesc, metricDesc } from "../../metrics/metric-desc.ts";

/**
 * The fields node_exporter exports since 1.9 (#3049), where it reads
 * /proc/meminfo through procfs's Meminfo: the ones procfs knows and the
 * collector maps (Zswap and Zswapped since 1.10.1, #3453). Other lines
 * (Hugetlb, FileHugePages, SecPageTables, Unaccepted, ...) are not reported.
 */
export const MEMINFO_FIELDS: ReadonlySet<string> = new Set([
  "Active_anon_bytes",
  "Active_bytes",
  "Active_file_bytes",
  "AnonHugePages_bytes",
  "AnonPages_bytes",
  "Bounce_bytes",
  "Buffers_bytes",
  "Cached_bytes",
  "CmaFree_bytes",
  "CmaTotal_bytes",
  "CommitLimit_bytes",
  "Committed_AS_bytes",
  "DirectMap1G_bytes",
  "DirectMap2M_bytes",
  "DirectMap4k_bytes",
  "Dirty_bytes",
  "HardwareCorrupted_bytes",
  "HugePages_Free",
  "HugePages_Rsvd",
  "HugePages_Surp",
  "HugePages_Total",
  "Hugepagesize_bytes",
  "Inactive_anon_bytes",
  "Inactive_bytes",
  "Inactive_file_bytes",
  "KernelStack_bytes",
  "Mapped_bytes",
  "MemAvailable_bytes",
  "MemFree_bytes",
  "MemTotal_bytes",
  "Mlocked_bytes",
  "NFS_Unstable_bytes",
  "PageTables_bytes",
  "Percpu_bytes",
  "SReclaimable_bytes",
  "SUnreclaim_bytes",
  "ShmemHugePages_bytes",
  "ShmemPmdMapped_bytes",
  "Shmem_bytes",
  "Slab_bytes",
  "SwapCached_bytes",
  "SwapFree_bytes",
  "SwapTotal_bytes",
  "Unevictable_bytes",
  "VmallocChunk_bytes",
  "VmallocTotal_bytes",
  "VmallocUsed_bytes",
  "WritebackTmp_bytes",
  "Writeback_bytes",
  "Zswap_bytes",
  "Zswapped_bytes",
]);

/** A field's metric: a counter for the *_total fields, else a gauge. */
const meminfoDesc = (field: string): MetricDesc =>
  metricDesc(`node_memory_${field}`, field.endsWith("_total") ? "counter" : "gauge", `Memory information field ${field}.`);

const MEMINFO_DESCS: ReadonlyMap<string, MetricDesc> = new Map([...MEMINFO_FIELDS].map((f) => [f, meminfoDesc(f)]));

export const meminfoCollector: CollectorDefinition = {
  name: "meminfo",
  create: ({ paths }) => ({
    update(out) {
      let info: Map<string, number>;
      try {
        info = readMeminfo(paths);
      } catch (err) {
        throw new Error(`couldn't get meminfo: ${(err as Error).message}`, { cause: err });
      }
      for (const [key, value] of info) {
        const desc = MEMINFO_DESCS.get(key);
        if (desc !== undefined) out.add(desc, value);
      }
    },
  }),
};
