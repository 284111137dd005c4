// XFS per-filesystem counters from /sys/fs/xfs/<device>/stats/stats.

import type { CollectorDefinition } from "../collector.ts";
import { type XfsStats, readXfs } from "../host/sysfs/xfs.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

/** Metric name suffix, HELP, stats group and index of the value in it. */
const METRICS: [name: string, help: string, group: string, index: number][] = [
  ["extent_allocation_extents_allocated_total", "Number of extents allocated for a filesystem.", "extent_alloc", 0],
  ["extent_allocation_blocks_allocated_total", "Number of blocks allocated for a filesystem.", "extent_alloc", 1],
  ["extent_allocation_extents_freed_total", "Number of extents freed for a filesystem.", "extent_alloc", 2],
  ["extent_allocation_blocks_freed_total", "Number of blocks freed for a filesystem.", "extent_alloc", 3],
  ["allocation_btree_lookups_total", "Number of allocation B-tree lookups for a filesystem.", "abt", 0],
  ["allocation_btree_compares_total", "Number of allocation B-tree compares for a filesystem.", "abt", 1],
  ["allocation_btree_records_inserted_total", "Number of allocation B-tree records inserted for a filesystem.", "abt", 2],
  ["allocation_btree_records_deleted_total", "Number of allocation B-tree records deleted for a filesystem.", "abt", 3],
  ["block_mapping_reads_total", "Number of block map for read operations for a filesystem.", "blk_map", 0],
  ["block_mapping_writes_total", "Number of block map for write operations for a filesystem.", "blk_map", 1],
  ["block_mapping_unmaps_total", "Number of block unmaps (deletes) for a filesystem.", "blk_map", 2],
  ["block_mapping_extent_list_insertions_total", "Number of extent list insertions for a filesystem.", "blk_map", 3],
  ["block_mapping_extent_list_deletions_total", "Number of extent list deletions for a filesystem.", "blk_map", 4],
  ["block_mapping_extent_list_lookups_total", "Number of extent list lookups for a filesystem.", "blk_map", 5],
  ["block_mapping_extent_list_compares_total", "Number of extent list compares for a filesystem.", "blk_map", 6],
  ["block_map_btree_lookups_total", "Number of block map B-tree lookups for a filesystem.", "bmbt", 0],
  ["block_map_btree_compares_total", "Number of block map B-tree compares for a filesystem.", "bmbt", 1],
  ["block_map_btree_records_inserted_total", "Number of block map B-tree records inserted for a filesystem.", "bmbt", 2],
  ["block_map_btree_records_deleted_total", "Number of block map B-tree records deleted for a filesystem.", "bmbt", 3],
  [
    "directory_operation_lookup_total",
    "Number of file name directory lookups which miss the operating systems directory name lookup cache.",
    "dir",
    0,
  ],
  ["directory_operation_create_total", "Number of times a new directory entry was created for a filesystem.", "dir", 1],
  ["directory_operation_remove_total", "Number of times an existing directory entry was created for a filesystem.", "dir", 2],
  ["directory_operation_getdents_total", "Number of times the directory getdents operation was performed for a filesystem.", "dir", 3],
  ["inode_operation_attempts_total", "Number of times the OS looked for an XFS inode in the inode cache.", "ig", 0],
  ["inode_operation_found_total", "Number of times the OS looked for and found an XFS inode in the inode cache.", "ig", 1],
  [
    "inode_operation_recycled_total",
    "Number of times the OS found an XFS inode in the cache, but could not use it as it was being recycled.",
    "ig",
    2,
  ],
  ["inode_operation_missed_total", "Number of times the OS looked for an XFS inode in the cache, but did not find it.", "ig", 3],
  [
    "inode_operation_duplicates_total",
    "Number of times the OS tried to add a missing XFS inode to the inode cache, but found it had already been added by another process.",
    "ig",
    4,
  ],
  [
    "inode_operation_reclaims_total",
    "Number of times the OS reclaimed an XFS inode from the inode cache to free memory for another purpose.",
    "ig",
    5,
  ],
  ["inode_operation_attribute_changes_total", "Number of times the OS explicitly changed the attributes of an XFS inode.", "ig", 6],
  // The kernel writes "rw <writes> <reads>".
  ["read_calls_total", "Number of read(2) system calls made to files in a filesystem.", "rw", 1],
  ["write_calls_total", "Number of write(2) system calls made to files in a filesystem.", "rw", 0],
  ["vnode_active_total", "Number of vnodes not on free lists for a filesystem.", "vnodes", 0],
  ["vnode_allocate_total", "Number of times vn_alloc called for a filesystem.", "vnodes", 1],
  ["vnode_get_total", "Number of times vn_get called for a filesystem.", "vnodes", 2],
  ["vnode_hold_total", "Number of times vn_hold called for a filesystem.", "vnodes", 3],
  ["vnode_release_total", "Number of times vn_rele called for a filesystem.", "vnodes", 4],
  ["vnode_reclaim_total", "Number of times vn_reclaim called for a filesystem.", "vnodes", 5],
  ["vnode_remove_total", "Number of times vn_remove called for a filesystem.", "vnodes", 6],
];

const STAT_DESCS = METRICS.map(([name, help, group, index]) => ({
  desc: metricDesc(`node_xfs_${name}`, "counter", help, ["device"]),
  group,
  index,
}));

export const xfsCollector: CollectorDefinition = {
  name: "xfs",
  create: ({ paths }) => ({
    update(out) {
      let stats: XfsStats[];
      try {
        stats = readXfs(paths);
      } catch (err) {
        throw new Error(`failed to retrieve XFS stats: ${(err as Error).message}`, { cause: err });
      }
      for (const s of stats) {
        for (const { desc, group, index } of STAT_DESCS) {
          out.add(desc, s.groups.get(group)?.[index] ?? 0, { device: s.device });
        }
      }
    },
  }),
};
