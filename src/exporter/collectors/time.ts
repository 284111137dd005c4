import type { CollectorDefinition } from "../collector.ts";
import { type ClockSource, readClockSources } from "../host/sysfs/clocksource.ts";
import { localZoneResolver } from "../../go/time-zone.ts";

export const timeCollector: CollectorDefinition = {
  name: "time",
  create: ({ paths, logger }) => {
    const zoneAt = localZoneResolver();
    return {
      update(out) {
        const now = new Date();
        const zone = zoneAt(now);
        out.gauge("node_time_seconds", "System time in seconds since epoch (1970).", now.getTime() / 1000);
        out.gauge("node_time_zone_offset_seconds", "System time zone offset in seconds.", zone.offsetSeconds, {
          time_zone: zone.name,
        });
        let sources: ClockSource[];
        try {
          sources = readClockSources(paths);
        } catch (err) {
          throw new Error(`couldn't get clocksources: ${(err as Error).message}`, { cause: err });
        }
        logger.debug("in Update", { clocksources: sources });
        // The device label is the position in the list, as node_exporter numbers it.
        sources.forEach((s, i) => {
          const device = String(i);
          for (const clocksource of s.available) {
            out.gauge(
              "node_time_clocksource_available_info",
              "Available clocksources read from '/sys/devices/system/clocksource'.",
              1,
              { device, clocksource },
            );
          }
          out.gauge("node_time_clocksource_current_info", "Current clocksource read from '/sys/devices/system/clocksource'.", 1, {
            device,
            clocksource: s.current,
          });
        });
      },
    };
  },
};
