// /sys/class/watchdog/<name>/*: one attribute per file, each optional.

import { errnoCode, listDir, sysReadFile } from "../host-fs.ts";
import { parseGoInt64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

export const WATCHDOG_NUMBERS = ["bootstatus", "fw_version", "nowayout", "timeleft", "timeout", "pretimeout", "access_cs0"] as const;
export const WATCHDOG_STRINGS = ["options", "identity", "state", "status", "pretimeout_governor"] as const;

export interface Watchdog {
  name: string;
  numbers: Partial<Record<(typeof WATCHDOG_NUMBERS)[number], number>>;
  strings: Partial<Record<(typeof WATCHDOG_STRINGS)[number], string>>;
}

const NUMBER_SET = new Set<string>(WATCHDOG_NUMBERS);

/** Builds one watchdog from its attribute values (absent files left out); numbers parse as Go's base-0 ParseInt. */
export function parseWatchdog(name: string, attrs: Map<string, string>): Watchdog {
  const wd: Watchdog = { name, numbers: {}, strings: {} };
  for (const [attr, value] of attrs) {
    if (NUMBER_SET.has(attr)) {
      const v = parseGoInt64(value, 0);
      if (v === undefined) throw new Error(`${name}/${attr}: not an integer: "${value}"`);
      wd.numbers[attr as (typeof WATCHDOG_NUMBERS)[number]] = v;
    } else {
      wd.strings[attr as (typeof WATCHDOG_STRINGS)[number]] = value;
    }
  }
  return wd;
}

/** Throws the listing error untouched, so the collector can tell an absent class directory. */
export function readWatchdogs(paths: Paths): Watchdog[] {
  const dir = paths.sys("class", "watchdog");
  return listDir(dir).map((name) => {
    const attrs = new Map<string, string>();
    for (const attr of [...WATCHDOG_NUMBERS, ...WATCHDOG_STRINGS]) {
      const file = paths.sys("class", "watchdog", name, attr);
      try {
        attrs.set(attr, sysReadFile(file));
      } catch (err) {
        if (errnoCode(err) === "ENOENT") continue;
        throw new Error(`failed to read file "${file}": ${(err as Error).message}`, { cause: err });
      }
    }
    return parseWatchdog(name, attrs);
  });
}
