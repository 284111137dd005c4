// /sys/devices/system/clocksource/clocksourceN/{available,current}_clocksource.

import { join } from "node:path";
import { listDirIfExists, sysReadFile } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface ClockSource {
  /** N of clocksourceN. */
  name: string;
  available: string[];
  current: string;
}

/** Every clocksource[0-9]* device, in Go glob (name) order. Throws when an attribute is unreadable. */
export function readClockSources(paths: Paths): ClockSource[] {
  const base = paths.sys("devices/system/clocksource");
  return listDirIfExists(base)
    .filter((n) => /^clocksource[0-9]/.test(n))
    .map((n) => {
      const dir = join(base, n);
      return {
        name: n.slice("clocksource".length),
        available: sysReadFile(join(dir, "available_clocksource")).split(/\s+/).filter((s) => s !== ""),
        current: sysReadFile(join(dir, "current_clocksource")),
      };
    });
}
