// node_exporter's slabinfo collector: object counts and sizes per kernel slab
// cache. The slabs-include/exclude flags come from node_exporter 1.9; their
// defaults keep 1.8.2's output.

import { defineCollector } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { readSlabinfo } from "../host/procfs/slabinfo.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { SLABINFO_OPTIONS } from "./options/slabinfo.ts";

const SLABINFO_ACTIVE_OBJECTS = metricDesc(
  "node_slabinfo_active_objects",
  "gauge",
  "The number of objects that are currently active (i.e., in use).",
  ["slab"],
);
const SLABINFO_OBJECTS = metricDesc(
  "node_slabinfo_objects",
  "gauge",
  "The total number of allocated objects (i.e., objects that are both in use and not in use).",
  ["slab"],
);
const SLABINFO_OBJECT_SIZE_BYTES = metricDesc(
  "node_slabinfo_object_size_bytes",
  "gauge",
  "The size of objects in this slab, in bytes.",
  ["slab"],
);
const SLABINFO_OBJECTS_PER_SLAB = metricDesc(
  "node_slabinfo_objects_per_slab",
  "gauge",
  "The number of objects stored in each slab.",
  ["slab"],
);
const SLABINFO_PAGES_PER_SLAB = metricDesc(
  "node_slabinfo_pages_per_slab",
  "gauge",
  "The number of pages allocated for each slab.",
  ["slab"],
);

export const slabinfoCollector = defineCollector({
  name: "slabinfo",
  options: SLABINFO_OPTIONS,
  create({ paths, options }) {
    const filter = new DeviceFilter(
      options.slabsExclude,
      options.slabsInclude,
      "--collector.slabinfo.slabs",
    );
    return {
      update(out) {
        let slabs;
        try {
          slabs = readSlabinfo(paths);
        } catch (err) {
          throw new Error(`couldn't get slabinfo: ${(err as Error).message}`, { cause: err });
        }
        for (const s of slabs) {
          if (filter.ignored(s.name)) continue;
          const l = { slab: s.name };
          out.add(SLABINFO_ACTIVE_OBJECTS, s.objActive, l);
          out.add(SLABINFO_OBJECTS, s.objNum, l);
          out.add(SLABINFO_OBJECT_SIZE_BYTES, s.objSize, l);
          out.add(SLABINFO_OBJECTS_PER_SLAB, s.objPerSlab, l);
          out.add(SLABINFO_PAGES_PER_SLAB, s.pagesPerSlab, l);
        }
      },
    };
  },
});
