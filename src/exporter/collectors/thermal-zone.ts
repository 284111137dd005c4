// node_exporter's thermal_zone collector: zone temperatures and cooling
// device throttle states from /sys/class/thermal.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { errnoCode } from "../host/sysfs/sys-read-file.ts";
import { type ThermalZone, readCoolingDevices, readThermalZones } from "../host/sysfs/thermal.ts";

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
          if (code === "ENOENT" || code === "EACCES" || code === "EPERM") {
            logger.debug("Could not read thermal zone stats", { err });
            throw new NoDataError();
          }
          throw new Error(`thermal_zone: ${(err as Error).message}`, { cause: err });
        }
        for (const z of zones) {
          out.gauge("node_thermal_zone_temp", "Zone temperature in Celsius", z.temp / 1000, { zone: z.name, type: z.type });
        }
        for (const cd of readCoolingDevices(paths)) {
          const labels = { name: cd.name, type: cd.type };
          out.gauge("node_cooling_device_cur_state", "Current throttle state of the cooling device", cd.curState, labels);
          out.gauge("node_cooling_device_max_state", "Maximum throttle state of the cooling device", cd.maxState, labels);
        }
      },
    };
  },
};
