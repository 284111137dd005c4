import type { CollectorDefinition } from "../collector.ts";
import { type ClockSource, readClockSources } from "../host/sysfs/clocksource.ts";
import { localZoneResolver } from "../../go/time-zone.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const TIME_SECONDS = metricDesc("node_time_seconds", "gauge", "System time in seconds since epoch (1970).");
const TIME_ZONE_OFFSET_SECONDS = metricDesc(
  "node_time_zone_offset_seconds",
  "gauge",
  "System time zone offset in seconds.",
  ["time_zone"],
);
const TIME_CLOCKSOURCE_AVAILABLE_INFO = metricDesc(
  "node_time_clocksource_available_info",
  "gauge",
  "Available clocksources read from '/sys/devices/system/clocksource'.",
  ["device", "clocksource"],
);
const TIME_CLOCKSOURCE_CURRENT_INFO = metricDesc(
  "node_time_clocksource_current_info",
  "gauge",
  "Current clocksource read from '/sys/devices/system/clocksource'.",
  ["device", "clocksource"],
);

export const timeCollector: CollectorDefinition = {
  name: "time",
  create: ({ paths, logger }) => {
    const zoneAt = localZoneResolver();
    return {
      update(out) {
        const now = new Date();
        const zone = zoneAt(now);
        out.add(TIME_SECONDS, now.getTime() / 1000);
        out.add(TIME_ZONE_OFFSET_SECONDS, zone.offsetSeconds, {
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
            out.add(TIME_CLOCKSOURCE_AVAILABLE_INFO, 1, { device, clocksource });
          }
          out.add(TIME_CLOCKSOURCE_CURRENT_INFO, 1, {
            device,
            clocksource: s.current,
          });
        });
      },
    };
  },
};
