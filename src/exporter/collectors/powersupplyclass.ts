// node_exporter's powersupplyclass collector: batteries and AC adapters from
// /sys/class/power_supply, with the kernel's micro-units scaled to base units.

import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { defineCollector } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import { type PowerSupply, readPowerSupplyClass } from "../host/sysfs/power-supply.ts";
import { hasErrnoInChain } from "../host/host-fs.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";
import { POWERSUPPLYCLASS_OPTIONS } from "./options/powersupplyclass.ts";

/** Metric name suffix, attribute file, divisor. */
const NUMERIC_FILES: [string, string, number][] = [
  ["authentic", "authentic", 1],
  ["calibrate", "calibrate", 1],
  ["capacity", "capacity", 1],
  ["capacity_alert_max", "capacity_alert_max", 1],
  ["capacity_alert_min", "capacity_alert_min", 1],
  ["cyclecount", "cycle_count", 1],
  ["online", "online", 1],
  ["present", "present", 1],
  ["time_to_empty_seconds", "time_to_empty_now", 1],
  ["time_to_full_seconds", "time_to_full_now", 1],
  ["current_boot", "current_boot", 1e6],
  ["current_max", "current_max", 1e6],
  ["current_ampere", "current_now", 1e6],
  ["energy_empty", "energy_empty", 1e6],
  ["energy_empty_design", "energy_empty_design", 1e6],
  ["energy_full", "energy_full", 1e6],
  ["energy_full_design", "energy_full_design", 1e6],
  ["energy_watthour", "energy_now", 1e6],
  ["voltage_boot", "voltage_boot", 1e6],
  ["voltage_max", "voltage_max", 1e6],
  ["voltage_max_design", "voltage_max_design", 1e6],
  ["voltage_min", "voltage_min", 1e6],
  ["voltage_min_design", "voltage_min_design", 1e6],
  ["voltage_volt", "voltage_now", 1e6],
  ["voltage_ocv", "voltage_ocv", 1e6],
  ["charge_control_limit", "charge_control_limit", 1e6],
  ["charge_control_limit_max", "charge_control_limit_max", 1e6],
  ["charge_counter", "charge_counter", 1e6],
  ["charge_empty", "charge_empty", 1e6],
  ["charge_empty_design", "charge_empty_design", 1e6],
  ["charge_full", "charge_full", 1e6],
  ["charge_full_design", "charge_full_design", 1e6],
  ["charge_ampere", "charge_now", 1e6],
  ["charge_term_current", "charge_term_current", 1e6],
  ["constant_charge_current", "constant_charge_current", 1e6],
  ["constant_charge_current_max", "constant_charge_current_max", 1e6],
  ["constant_charge_voltage", "constant_charge_voltage", 1e6],
  ["constant_charge_voltage_max", "constant_charge_voltage_max", 1e6],
  ["precharge_current", "precharge_current", 1e6],
  ["input_current_limit", "input_current_limit", 1e6],
  ["power_watt", "power_now", 1e6],
  ["temp_celsius", "temp", 10],
  ["temp_alert_max_celsius", "temp_alert_max", 10],
  ["temp_alert_min_celsius", "temp_alert_min", 10],
  ["temp_ambient_celsius", "temp_ambient", 10],
  ["temp_ambient_max_celsius", "temp_ambient_max", 10],
  ["temp_ambient_min_celsius", "temp_ambient_min", 10],
  ["temp_max_celsius", "temp_max", 10],
  ["temp_min_celsius", "temp_min", 10],
];

const NUMERIC_METRICS = NUMERIC_FILES.map(([metric, file, divisor]) => {
  const help = `${metric} value of /sys/class/power_supply/<power_supply>.`;
  return [metricDesc(`node_power_supply_${metric}`, "gauge", help, ["power_supply"]), file, divisor] as const;
});

/**
 * node_power_supply_info's labels are the supply's non-empty attributes, so
 * they vary by supply, as upstream's (which makes its descriptor per
 * sample): one descriptor per label set, keyed by the names joined with ",".
 */
const POWER_SUPPLY_INFO = dataNamedDescs((labelNames) => {
  const names = labelNames === "" ? [] : labelNames.split(",");
  return metricDesc("node_power_supply_info", "gauge", "info of /sys/class/power_supply/<power_supply>.", names);
});

const INFO_LABELS: [string, string][] = [
  ["capacity_level", "capacity_level"],
  ["charge_type", "charge_type"],
  ["health", "health"],
  ["manufacturer", "manufacturer"],
  ["model_name", "model_name"],
  ["serial_number", "serial_number"],
  ["status", "status"],
  ["technology", "technology"],
  ["type", "type"],
  ["usb_type", "usb_type"],
  ["scope", "scope"],
];

export function emitPowerSupply(out: FamilyBuilder, ps: PowerSupply): void {
  const labels = { power_supply: ps.name };
  for (const [desc, file, divisor] of NUMERIC_METRICS) {
    const v = ps.numbers.get(file);
    if (v === undefined) continue;
    out.add(desc, divisor === 1 ? v : v / divisor, labels);
  }
  // Only non-empty values become labels, so the label set varies by supply.
  const info: Record<string, string> = {};
  if (ps.name !== "") info.power_supply = ps.name;
  for (const [label, file] of INFO_LABELS) {
    const v = ps.strings.get(file);
    if (v !== undefined && v !== "") info[label] = v;
  }
  out.add(POWER_SUPPLY_INFO(Object.keys(info).join(",")), 1, info);
}

export const powersupplyclassCollector = defineCollector({
  name: "powersupplyclass",
  options: POWERSUPPLYCLASS_OPTIONS,
  create({ paths, options }) {
    const ignored = compileGoRegexp(
      options.powersupplyIgnoredSupplies,
      "--collector.powersupply.ignored-supplies",
    );
    return {
      update(out) {
        let supplies: PowerSupply[];
        try {
          supplies = readPowerSupplyClass(paths);
        } catch (err) {
          if (hasErrnoInChain(err, "ENOENT")) throw new NoDataError();
          throw new Error(`could not get power_supply class info: ${(err as Error).message}`, { cause: err });
        }
        for (const ps of supplies) {
          if (!ignored.test(ps.name)) emitPowerSupply(out, ps);
        }
      },
    };
  },
});
