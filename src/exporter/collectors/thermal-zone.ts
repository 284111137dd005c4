// node_exporter's thermal_zone collector: zone temperatures and cooling
// device throttle states from /sys/class/thermal.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { errnoCode } from "../host/host-fs.ts";
import { type ThermalZone, readCoolingDevices, readThermalZones } from "../host/sysfs/thermal.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const COOLING_DEVICE_CUR_STATE = metricDesc(
  "node_cooling_device_cur_state",
  "gauge",
  "Current throttle state of the cooling device",
  ["name", "type"],
);
const COOLING_DEVICE_MAX_STATE = metricDesc(
  "node_cooling_device_max_state",
  "gauge",
  "Maximum throttle state of the cooling device",
  ["name", "type"],
);

const THERMAL_ZONE_TEMP = metricDesc(
  "node_thermal_zone_temp",
  "gauge",
  "Zone temperature in Celsius",
  ["zone", "type"],
);

export const thermalZoneCollector: CollectorDefinition = {
  name: "thermal_zone",
  create({ paths, logger }) {
    return {
      update(out) {
        let zones: ThermalZone[];
        try {
          zones = readThermalZones(paths);
        } catch (err) {
          const code = errnoCode(err);
          // EINVAL: a zone whose sensor refuses reads (node_exporter 1.12, #3657).
          if (code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "EINVAL") {
            logger.debug("Could not read thermal zone stats", { err });
            throw new NoDataError();
          }
          throw new Error(`thermal_zone: ${(err as Error).message}`, { cause: err });
        }
        for (const z of zones) {
          out.add(THERMAL_ZONE_TEMP, z.temp / 1000, { zone: z.name, type: z.type });
        }
        for (const cd of readCoolingDevices(paths)) {
          const labels = { name: cd.name, type: cd.type };
          out.add(COOLING_DEVICE_CUR_STATE, cd.curState, labels);
          out.add(COOLING_DEVICE_MAX_STATE, cd.maxState, labels);
        }
      },
    };
  },
};
