// node_exporter's conntrack collector. A missing file means the nf_conntrack
// module is not loaded: no data, not an error.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { readConntrackCount, readConntrackStat } from "../host/procfs/conntrack.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const NF_CONNTRACK_ENTRIES = metricDesc(
  "node_nf_conntrack_entries",
  "gauge",
  "Number of currently allocated flow entries for connection tracking.",
);
const NF_CONNTRACK_ENTRIES_LIMIT = metricDesc(
  "node_nf_conntrack_entries_limit",
  "gauge",
  "Maximum size of connection tracking table.",
);

const STATS: [keyof ReturnType<typeof readConntrackStat>, string, string][] = [
  ["found", "node_nf_conntrack_stat_found", "Number of searched entries which were successful."],
  ["invalid", "node_nf_conntrack_stat_invalid", "Number of packets seen which can not be tracked."],
  ["ignore", "node_nf_conntrack_stat_ignore", "Number of packets seen which are already connected to a conntrack entry."],
  ["insert", "node_nf_conntrack_stat_insert", "Number of entries inserted into the list."],
  ["insertFailed", "node_nf_conntrack_stat_insert_failed", "Number of entries for which list insertion was attempted but failed."],
  ["drop", "node_nf_conntrack_stat_drop", "Number of packets dropped due to conntrack failure."],
  ["earlyDrop", "node_nf_conntrack_stat_early_drop", "Number of dropped conntrack entries to make room for new ones, if maximum table size was reached."],
  ["searchRestart", "node_nf_conntrack_stat_search_restart", "Number of conntrack table lookups which had to be restarted due to hashtable resizes."],
];

const STAT_DESCS = STATS.map(([key, name, help]) => [key, metricDesc(name, "gauge", help)] as const);

export const conntrackCollector: CollectorDefinition = {
  name: "conntrack",
  create({ paths, logger }) {
    const handle = (err: unknown): Error => {
      if (isNotFound(err)) {
        logger.debug("conntrack probably not loaded");
        return new NoDataError("conntrack probably not loaded");
      }
      return new Error(`failed to retrieve conntrack stats: ${(err as Error).message}`, { cause: err });
    };
    return {
      update(out) {
        try {
          out.add(NF_CONNTRACK_ENTRIES, readConntrackCount(paths, "nf_conntrack_count"));
          out.add(NF_CONNTRACK_ENTRIES_LIMIT, readConntrackCount(paths, "nf_conntrack_max"));
          const stat = readConntrackStat(paths);
          for (const [key, desc] of STAT_DESCS) out.add(desc, stat[key]);
        } catch (err) {
          throw handle(err);
        }
      },
    };
  },
};
