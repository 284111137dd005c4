// ZFS on Linux statistics from /proc/spl/kstat/zfs: the named kstats as
// untyped node_zfs_<subsystem>_<name> (HELP is the FreeBSD-style sysctl
// name), and per pool io, dataset (objset) and state metrics.

import { isDirectory, listDirIfExists, parseFileText, readText, readTextIfExists } from "../host/host-fs.ts";
import { join } from "node:path";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { type CollectorDefinition, NoDataError } from "../collector.ts";
import {
  type SkipField,
  ZPOOL_STATES,
  parseKstatTable,
  parseZpoolIo,
  parseZpoolObjset,
  parseZpoolState,
} from "../host/procfs/zfs-kstat.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";

const ZFS_ZPOOL_STATE = metricDesc("node_zfs_zpool_state", "gauge", "kstat.zfs.misc.state", ["zpool", "state"]);

/** Metric subsystem and the kstat file it comes from. */
const KSTAT_FILES: [subsystem: string, file: string][] = [
  ["zfs_abd", "abdstats"],
  ["zfs_arc", "arcstats"],
  ["zfs_dbuf", "dbufstats"],
  ["zfs_dmu_tx", "dmu_tx"],
  ["zfs_dnode", "dnodestats"],
  ["zfs_fm", "fm"],
  ["zfs_vdev_cache", "vdev_cache_stats"],
  ["zfs_vdev_mirror", "vdev_mirror_stats"],
  ["zfs_xuio", "xuio_stats"],
  ["zfs_zfetch", "zfetchstats"],
  ["zfs_zil", "zil"],
];

/** The last dotted part of a sysctl-style key, dashes made underscores. */
function metricName(name: string): string {
  return name.replaceAll("-", "_");
}

// Each kstat row is an untyped metric named after the row, as upstream's.
const KSTATS = KSTAT_FILES.map(([subsystem, file]) => ({
  file,
  desc: dataNamedDescs((row) => metricDesc(`node_${subsystem}_${metricName(row)}`, "untyped", `kstat.zfs.misc.${file}.${row}`)),
}));
const ZPOOL_IO = dataNamedDescs((row) =>
  metricDesc(`node_zfs_zpool_${metricName(row)}`, "untyped", `kstat.zfs.misc.io.${row}`, ["zpool"]),
);
const ZPOOL_DATASET = dataNamedDescs((row) =>
  metricDesc(`node_zfs_zpool_dataset_${metricName(row)}`, "untyped", `kstat.zfs.misc.objset.${row}`, ["zpool", "dataset"]),
);

function readPoolFile(file: string): string {
  try {
    return readText(file);
  } catch (err) {
    throw new Error(`ZFS / ZFS statistics are not available: cannot open ${file}`, { cause: err });
  }
}

function updatePools(out: FamilyBuilder, base: string, skipField: SkipField): void {
  // Upstream globs */io and */objset-*: only directories are pools (arcstats and friends are files).
  const pools = listDirIfExists(base).filter((name) => isDirectory(join(base, name)));
  for (const pool of pools) {
    const file = join(base, pool, "io");
    const text = readTextIfExists(file);
    if (text === undefined) continue;
    for (const v of parseFileText(file, text, (t) => parseZpoolIo(t, skipField))) {
      out.add(ZPOOL_IO(v.name), v.value, { zpool: pool });
    }
  }
  for (const pool of pools) {
    for (const entry of listDirIfExists(join(base, pool))) {
      if (!entry.startsWith("objset-")) continue;
      const file = join(base, pool, entry);
      const text = readPoolFile(file);
      for (const v of parseFileText(file, text, (t) => parseZpoolObjset(t, skipField))) {
        // Rows before the dataset_name row carry empty labels, as upstream's do.
        const zpool = v.dataset === "" ? "" : pool;
        out.add(ZPOOL_DATASET(v.name), v.value, { zpool, dataset: v.dataset });
      }
    }
  }
  for (const pool of pools) {
    const file = join(base, pool, "state");
    const text = readTextIfExists(file);
    if (text === undefined) continue;
    const state = parseZpoolState(text);
    for (const s of ZPOOL_STATES) {
      out.add(ZFS_ZPOOL_STATE, state === s ? 1 : 0, { zpool: pool, state: s });
    }
  }
}

export const zfsCollector: CollectorDefinition = {
  name: "zfs",
  create: ({ paths, logger }) => ({
    update(out) {
      const base = paths.proc("spl", "kstat", "zfs");
      if (!isDirectory(base)) throw new NoDataError("ZFS / ZFS statistics are not available");
      const skipField: SkipField = (message) => logger.debug("skipping kstat field", { err: message });
      for (const { file: fileName, desc } of KSTATS) {
        const file = join(base, fileName);
        const text = readTextIfExists(file);
        if (text === undefined) {
          logger.debug("Cannot open file for reading", { path: file });
          continue;
        }
        for (const v of parseFileText(file, text, (t) => parseKstatTable(t, fileName, skipField))) {
          out.add(desc(v.name), v.value);
        }
      }
      updatePools(out, base, skipField);
    },
  }),
};
