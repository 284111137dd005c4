// node_exporter's watchdog collector: hardware/software watchdog timers.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { errnoCode } from "../host/host-fs.ts";
import { type Watchdog, readWatchdogs } from "../host/sysfs/watchdog.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const WATCHDOG_INFO = metricDesc(
  "node_watchdog_info",
  "gauge",
  "Info of /sys/class/watchdog/<watchdog>",
  ["name", "options", "identity", "state", "status", "pretimeout_governor"],
);

const GAUGE_FILES: [keyof Watchdog["numbers"], string][] = [
  ["bootstatus", "bootstatus"],
  ["fw_version", "fw_version"],
  ["nowayout", "nowayout"],
  ["timeleft", "timeleft_seconds"],
  ["timeout", "timeout_seconds"],
  ["pretimeout", "pretimeout_seconds"],
  ["access_cs0", "access_cs0"],
];

const GAUGES = GAUGE_FILES.map(
  ([key, suffix]) => [key, metricDesc(`node_watchdog_${suffix}`, "gauge", `Value of /sys/class/watchdog/<watchdog>/${key}`, ["name"])] as const,
);

export const watchdogCollector: CollectorDefinition = {
  name: "watchdog",
  create({ paths, logger }) {
    return {
      update(out) {
        let wds: Watchdog[];
        try {
          wds = readWatchdogs(paths);
        } catch (err) {
          const code = errnoCode(err);
          if (code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "EINVAL") {
            logger.debug("Could not read watchdog stats", { err });
            throw new NoDataError("Could not read watchdog stats");
          }
          throw err;
        }
        for (const wd of wds) {
          for (const [key, desc] of GAUGES) {
            const v = wd.numbers[key];
            if (v !== undefined) out.add(desc, v, { name: wd.name });
          }
          out.add(WATCHDOG_INFO, 1, {
            name: wd.name,
            options: wd.strings.options ?? "",
            identity: wd.strings.identity ?? "",
            state: wd.strings.state ?? "",
            status: wd.strings.status ?? "",
            pretimeout_governor: wd.strings.pretimeout_governor ?? "",
          });
        }
      },
    };
  },
};
