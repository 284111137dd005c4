// node_exporter's swap collector (1.10, default off, #3428): size, use and
// priority of every swap area in /proc/swaps.

import { metricDesc } from "../../metrics/metric-desc.ts";
import type { CollectorDefinition } from "../collector.ts";
import { type SwapArea, readSwaps } from "../host/procfs/swaps.ts";

const LABELS = ["device", "swap_type"] as const;
const SIZE = metricDesc("node_swap_size_bytes", "gauge", "Swap device size in bytes.", LABELS);
const USED = metricDesc("node_swap_used_bytes", "gauge", "Swap device used in bytes.", LABELS);
const PRIORITY = metricDesc("node_swap_priority", "gauge", "Swap device priority.", LABELS);

export const swapCollector: CollectorDefinition = {
  name: "swap",
  create: ({ paths }) => ({
    update(out) {
      let swaps: SwapArea[];
      try {
        swaps = readSwaps(paths);
      } catch (err) {
        throw new Error(`couldn't get swap information: couldn't get proc/swap information: ${(err as Error).message}`, { cause: err });
      }
      for (const s of swaps) {
        const labels = { device: s.filename, swap_type: s.type };
        out.add(SIZE, s.sizeKiB * 1024, labels);
        out.add(USED, s.usedKiB * 1024, labels);
        out.add(PRIORITY, s.priority, labels);
      }
    },
  }),
};
