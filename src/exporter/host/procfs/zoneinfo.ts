// /proc/zoneinfo: one block per "Node N, zone NAME" with "key value" lines
// and a "protection: (a, b, c)" line. A node's "per-node stats" sit in its
// first zone's block and, as in procfs, count as that zone's.

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";
import { parseGoInt64 } from "../../../go/strconv.ts";

/** The keys procfs keeps, in its struct order (which is node_exporter's output order). */
export const ZONEINFO_KEYS = [
  "nr_free_pages", "min", "low", "high", "scanned", "spanned", "present", "managed",
  "nr_active_anon", "nr_inactive_anon", "nr_isolated_anon", "nr_anon_pages", "nr_anon_transparent_hugepages",
  "nr_active_file", "nr_inactive_file", "nr_isolated_file", "nr_file_pages", "nr_slab_reclaimable",
  "nr_slab_unreclaimable", "nr_mlock_stack", "nr_kernel_stack", "nr_mapped", "nr_dirty", "nr_writeback",
  "nr_unevictable", "nr_shmem", "nr_dirtied", "nr_written", "numa_hit", "numa_miss", "numa_foreign",
  "numa_interleave", "numa_local", "numa_other",
] as const;

export type ZoneinfoKey = (typeof ZONEINFO_KEYS)[number];

export interface Zoneinfo {
  node: string;
  zone: string;
  values: Map<ZoneinfoKey, number>;
  protection?: number[];
}

const NODE_ZONE = /(\d+), zone\s+(\w+)/;
const KEYS = new Set<string>(ZONEINFO_KEYS);

export function parseZoneinfo(text: string): Zoneinfo[] {
  return text.split("\nNode").map((block) => {
    const z: Zoneinfo = { node: "", zone: "", values: new Map() };
    for (const line of block.split("\n")) {
      const nz = NODE_ZONE.exec(line);
      if (nz) {
        z.node = nz[1];
        z.zone = nz[2];
        continue;
      }
      const trimmed = line.trim();
      if (trimmed.startsWith("per-node stats")) continue;
      const parts = trimmed.split(/\s+/);
      if (parts.length < 2) continue;
      if (KEYS.has(parts[0])) {
        // procfs keeps an unparsable value as 0 rather than failing.
        z.values.set(parts[0] as ZoneinfoKey, parseGoInt64(parts[1], 0) ?? 0);
      } else if (parts[0] === "protection:") {
        const inner = line.split(":")[1].replace("(", "").replace(")", "").trim();
        const values = inner.split(", ").map((v) => parseGoInt64(v, 10));
        if (values.every((v) => v !== undefined)) z.protection = values as number[];
      }
    }
    return z;
  });
}

export function readZoneinfo(paths: Paths): Zoneinfo[] {
  return readParsed(paths.proc("zoneinfo"), parseZoneinfo);
}
