// /sys/class/power_supply/<supply>/*: numeric attributes (Go base-0
// integers; garbage fails the read, as procfs's ValueParser.Err does here)
// and string attributes.

import { errnoCode, listDir, listDirEntries, sysReadFile } from "../host-fs.ts";
import { join } from "node:path";
import { parseGoInt64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

export const POWER_SUPPLY_NUMERIC = new Set([
  "authentic", "calibrate", "capacity", "capacity_alert_max", "capacity_alert_min", "charge_avg",
  "charge_control_limit", "charge_control_limit_max", "charge_counter", "charge_empty", "charge_empty_design",
  "charge_full", "charge_full_design", "charge_now", "charge_term_current", "constant_charge_current",
  "constant_charge_current_max", "constant_charge_voltage", "constant_charge_voltage_max", "current_avg",
  "current_boot", "current_max", "current_now", "cycle_count", "energy_avg", "energy_empty",
  "energy_empty_design", "energy_full", "energy_full_design", "energy_now", "input_current_limit", "online",
  "power_avg", "power_now", "precharge_current", "present", "temp", "temp_alert_max", "temp_alert_min",
  "temp_ambient", "temp_ambient_max", "temp_ambient_min", "temp_max", "temp_min", "time_to_empty_avg",
  "time_to_empty_now", "time_to_full_avg", "time_to_full_now", "voltage_avg", "voltage_boot", "voltage_max",
  "voltage_max_design", "voltage_min", "voltage_min_design", "voltage_now", "voltage_ocv",
]);

export const POWER_SUPPLY_STRINGS = new Set([
  "capacity_level", "charge_type", "health", "manufacturer", "model_name", "scope", "serial_number", "status",
  "technology", "type", "usb_type",
]);

export interface PowerSupply {
  name: string;
  /** Attribute file name to value. */
  numbers: Map<string, number>;
  strings: Map<string, string>;
}

/** Builds a supply from attribute file name to trimmed content; throws on an unparseable number. */
export function parsePowerSupply(name: string, attributes: ReadonlyMap<string, string>): PowerSupply {
  const ps: PowerSupply = { name, numbers: new Map(), strings: new Map() };
  for (const [file, value] of attributes) {
    if (POWER_SUPPLY_NUMERIC.has(file)) {
      const v = parseGoInt64(value, 0);
      if (v === undefined) throw new Error(`${file}: strconv.ParseInt: parsing "${value}": invalid syntax`);
      ps.numbers.set(file, v);
    } else if (POWER_SUPPLY_STRINGS.has(file)) {
      ps.strings.set(file, value);
    }
  }
  return ps;
}

function readSupply(dir: string, name: string): PowerSupply {
  const attributes = new Map<string, string>();
  for (const entry of listDirEntries(dir)) {
    if (!entry.isFile()) continue;
    if (!POWER_SUPPLY_NUMERIC.has(entry.name) && !POWER_SUPPLY_STRINGS.has(entry.name)) continue;
    const file = join(dir, entry.name);
    try {
      attributes.set(entry.name, sysReadFile(file));
    } catch (err) {
      const code = errnoCode(err);
      if (code === "ENOENT" || code === "EOPNOTSUPP" || code === "ENOTSUP" || code === "EINVAL") continue;
      throw new Error(`failed to read file "${file}": ${(err as Error).message}`, { cause: err });
    }
  }
  try {
    return parsePowerSupply(name, attributes);
  } catch (err) {
    throw new Error(`${dir}: ${(err as Error).message}`, { cause: err });
  }
}

/** Every supply; an absent class directory throws ENOENT unchanged. */
export function readPowerSupplyClass(paths: Paths): PowerSupply[] {
  const classDir = paths.sys("class", "power_supply");
  return listDir(classDir)
    .sort()
    .map((name) => readSupply(join(classDir, name), name));
}
