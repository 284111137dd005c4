// node_exporter's rapl collector: Intel/AMD RAPL energy counters from
// /sys/class/powercap, in joules.

import { defineCollector } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { type RaplZone, readEnergyMicrojoules, readRaplZones } from "../host/sysfs/powercap.ts";
import { hasErrnoInChain } from "../host/host-fs.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";
import { RAPL_OPTIONS } from "./options/rapl.ts";

const RAPL_JOULES_TOTAL = metricDesc(
  "node_rapl_joules_total",
  "counter",
  "Current RAPL value in joules",
  ["index", "path", "rapl_zone"],
);

/** node_exporter's SanitizeMetricName. */
export function sanitizeMetricName(name: string): string {
  return name.replace(/_*[^0-9A-Za-z_]+_*/g, "_");
}

// Without --collector.rapl.enable-zone-label, the zone is in the name.
const RAPL_ZONE_JOULES_TOTAL = dataNamedDescs((zone) => {
  const help = `Current RAPL ${zone} value in joules`;
  return metricDesc(`node_rapl_${sanitizeMetricName(zone)}_joules_total`, "counter", help, ["index", "path"]);
});

export const raplCollector = defineCollector({
  name: "rapl",
  options: RAPL_OPTIONS,
  create({ paths, options, logger }) {
    const zoneLabel = options.enableZoneLabel;
    return {
      update(out) {
        let zones: RaplZone[];
        try {
          zones = readRaplZones(paths);
        } catch (err) {
          if (hasErrnoInChain(err, "ENOENT")) {
            logger.debug("Platform doesn't have powercap files present", { err });
            throw new NoDataError();
          }
          if (hasErrnoInChain(err, "EACCES", "EPERM")) {
            logger.debug("Can't access powercap files", { err });
            throw new NoDataError();
          }
          throw new Error(`failed to retrieve rapl stats: ${(err as Error).message}`, { cause: err });
        }
        for (const z of zones) {
          let microJoules: number;
          try {
            microJoules = readEnergyMicrojoules(z);
          } catch (err) {
            if (hasErrnoInChain(err, "EACCES", "EPERM")) {
              logger.debug("Can't access energy_uj file", { zone: z.path, err });
              throw new NoDataError();
            }
            throw err;
          }
          const joules = microJoules / 1000000;
          const index = String(z.index);
          if (zoneLabel) {
            out.add(RAPL_JOULES_TOTAL, joules, {
              index,
              path: z.path,
              rapl_zone: z.name,
            });
          } else {
            out.add(RAPL_ZONE_JOULES_TOTAL(z.name), joules, { index, path: z.path });
          }
        }
      },
    };
  },
});
