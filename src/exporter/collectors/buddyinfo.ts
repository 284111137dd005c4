// node_exporter's buddyinfo collector: free memory blocks per node, zone and order.

import type { CollectorDefinition } from "../collector.ts";
import { readBuddyInfo } from "../host/procfs/buddyinfo.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const BUDDYINFO_BLOCKS = metricDesc(
  "node_buddyinfo_blocks",
  "gauge",
  "Count of free blocks according to size.",
  ["node", "zone", "size"],
);

export const buddyinfoCollector: CollectorDefinition = {
  name: "buddyinfo",
  create({ paths }) {
    return {
      update(out) {
        let info;
        try {
          info = readBuddyInfo(paths);
        } catch (err) {
          throw new Error(`couldn't get buddyinfo: ${(err as Error).message}`, { cause: err });
        }
        for (const e of info) {
          e.sizes.forEach((v, size) => {
            out.add(BUDDYINFO_BLOCKS, v, { node: e.node, zone: e.zone, size: String(size) });
          });
        }
      },
    };
  },
};
