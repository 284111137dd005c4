// node_exporter's hwmon collector (lm-sensors style readings from
// /sys/class/hwmon). Metric names derive from the sensor type and property,
// with unit conversions from the kernel's milli/micro units.

import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { parseGoFloat } from "../../go/format-float.ts";
import { defineCollector } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { isNotFound } from "../host/host-fs.ts";
import {
  type HwmonChipEntry,
  type SensorData,
  cleanMetricName,
  explodeSensorFilename,
  hwmonChipName,
  hwmonName,
  hwmonNameFile,
  listHwmonDirs,
  readSensorData,
  uniqueChipNames,
} from "../host/sysfs/hwmon.ts";
import { type MetricDesc, dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";
import { HWMON_OPTIONS } from "./options/hwmon.ts";

const HWMON_BEEP_ENABLED = metricDesc("node_hwmon_beep_enabled", "gauge", "Hardware beep enabled", ["chip", "sensor"]);
const HWMON_VOLTAGE_REGULATOR_VERSION = metricDesc(
  "node_hwmon_voltage_regulator_version",
  "gauge",
  "Hardware voltage regulator",
  ["chip", "sensor"],
);
const HWMON_UPDATE_INTERVAL_SECONDS = metricDesc(
  "node_hwmon_update_interval_seconds",
  "gauge",
  "Hardware monitor update interval",
  ["chip", "sensor"],
);

const HWMON_SENSOR_LABEL = metricDesc(
  "node_hwmon_sensor_label",
  "gauge",
  "Label for given chip and sensor",
  ["chip", "sensor", "label"],
);
const HWMON_CHIP_NAMES = metricDesc(
  "node_hwmon_chip_names",
  "gauge",
  "Annotation metric for human-readable chip names",
  ["chip", "chip_name"],
);

interface HwmonReading {
  desc: MetricDesc<"chip" | "sensor">;
  /** From the kernel's unit (milli-, micro-) to the metric's. */
  convert: (v: number) => number;
  /** GPU clocks (node_exporter 1.9, #3093): only labelled ones, the label as the sensor. */
  sensorFromLabel?: boolean;
}

const same = (v: number) => v;
const milli = (v: number) => v * 0.001;
const micro = (v: number) => v / 1000000;

/**
 * The metric of a sensor property, as upstream's updateHwmon names it, for a
 * key "<sensor type>/<property>" ("<type>/input/bare" when a bare value file
 * sits beside the input file, which then gets a metric of its own).
 */
function hwmonReading(key: string): HwmonReading {
  const [sensorType, prop, bare] = key.split("/");
  let element = prop;
  let name = `node_hwmon_${sensorType}`;
  if (element === "input") {
    if (bare !== undefined) name += "_input";
  } else if (element !== "") {
    name += `_${cleanMetricName(element)}`;
  }
  const reading = (suffix: string, help: string, convert: (v: number) => number, type: "gauge" | "counter" = "gauge") => ({
    desc: metricDesc(name + suffix, type, help, ["chip", "sensor"]),
    convert,
  });
  if (element === "fault" || element === "alarm") return reading("", `Hardware sensor ${element} status (${sensorType})`, same);
  if (element === "beep") return reading("_enabled", "Hardware monitor sensor has beeping enabled", same);
  if (sensorType === "in" || sensorType === "cpu") return reading("_volts", `Hardware monitor for voltage (${element})`, milli);
  if (sensorType === "temp" && element !== "type") {
    if (element === "") element = "input";
    return reading("_celsius", `Hardware monitor for temperature (${element})`, milli);
  }
  if (sensorType === "curr") return reading("_amps", `Hardware monitor for current (${element})`, milli);
  if (sensorType === "energy") return reading("_joule_total", `Hardware monitor for joules used so far (${element})`, micro, "counter");
  if (sensorType === "power" && element === "accuracy") return reading("", "Hardware monitor power meter accuracy, as a ratio", micro);
  if (sensorType === "power" && (element === "average_interval" || element === "average_interval_min" || element === "average_interval_max")) {
    return reading("_seconds", `Hardware monitor power usage update interval (${element})`, milli);
  }
  if (sensorType === "power") return reading("_watt", `Hardware monitor for power usage in watts (${element})`, micro);
  if (sensorType === "humidity") {
    return reading(
      "",
      `Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) (${element})`,
      micro,
    );
  }
  if (sensorType === "fan" && (element === "input" || element === "min" || element === "max" || element === "target")) {
    return reading("_rpm", `Hardware monitor for fan revolutions per minute (${element})`, same);
  }
  if (sensorType === "freq" && element === "input") {
    return { ...reading("_freq_mhz", "Hardware monitor for GPU frequency in MHz", micro), sensorFromLabel: true };
  }
  return reading("", `Hardware monitor ${sensorType} element ${element}`, same);
}

const HWMON_READING = dataNamedDescs(hwmonReading);

/**
 * Adds the metrics of one chip's sensor data, as upstream's updateHwmon does.
 * A sensor is filtered by "<chip>;<sensor>" (node_exporter 1.9, #3072).
 */
export function emitHwmonSensors(out: FamilyBuilder, chip: string, data: SensorData, sensorFilter?: DeviceFilter): void {
  for (const [sensor, props] of data) {
    if (sensorFilter?.ignored(`${chip};${sensor}`)) continue;
    const sensorType = explodeSensorFilename(sensor)?.type ?? "";
    const labels = { chip, sensor };
    const label = props.get("label");
    if (label !== undefined) {
      out.add(HWMON_SENSOR_LABEL, 1, { chip, sensor, label });
    }
    if (sensorType === "beep_enable") {
      out.add(HWMON_BEEP_ENABLED, props.get("") === "1" ? 1 : 0, labels);
      continue;
    }
    if (sensorType === "vrm") {
      const v = parseGoFloat(props.get("") ?? "");
      if (v !== undefined) out.add(HWMON_VOLTAGE_REGULATOR_VERSION, v, labels);
      continue;
    }
    if (sensorType === "update_interval") {
      const v = parseGoFloat(props.get("") ?? "");
      if (v !== undefined) {
        out.add(HWMON_UPDATE_INTERVAL_SECONDS, v * 0.001, labels);
      }
      continue;
    }
    for (const [prop, raw] of props) {
      if (prop === "label") continue;
      const v = parseGoFloat(raw);
      if (v === undefined) continue;
      // "input" is the value itself; only a bare file next to it makes it a separate metric.
      const r = HWMON_READING(prop === "input" && props.has("") ? `${sensorType}/input/bare` : `${sensorType}/${prop}`);
      if (!r.sensorFromLabel) {
        out.add(r.desc, r.convert(v), labels);
        continue;
      }
      const label = props.get("label");
      if (label !== undefined) out.add(r.desc, r.convert(v), { chip, sensor: cleanMetricName(label) });
    }
  }
}

export const hwmonCollector = defineCollector({
  name: "hwmon",
  options: HWMON_OPTIONS,
  create({ paths, options, logger }) {
    const filter = new DeviceFilter(
      options.chipExclude,
      options.chipInclude,
      "--collector.hwmon.chip",
    );
    const sensorFilter = new DeviceFilter(options.sensorExclude, options.sensorInclude, "--collector.hwmon.sensor");
    return {
      update(out) {
        let dirs: string[];
        try {
          dirs = listHwmonDirs(paths.sys("class", "hwmon"));
        } catch (err) {
          if (isNotFound(err)) {
            logger.debug("hwmon collector metrics are not available for this system");
            throw new NoDataError();
          }
          throw err;
        }
        const entries: HwmonChipEntry[] = [];
        for (const dir of dirs) {
          try {
            entries.push({ dir, baseName: hwmonName(dir), nameFile: hwmonNameFile(dir) });
          } catch (err) {
            logger.debug("failed to derive hwmon chip name", { dir, err });
          }
        }
        const chips = uniqueChipNames(entries);
        // Like upstream, one broken chip does not hide the others; the last
        // error still fails the collector.
        let lastErr: unknown;
        for (const [i, { dir }] of entries.entries()) {
          const chip = chips[i];
          if (filter.ignored(chip)) {
            logger.debug("ignoring hwmon chip", { chip });
            continue;
          }
          try {
            const data = readSensorData(dir);
            const chipName = hwmonChipName(dir);
            if (chipName !== undefined) {
              out.add(HWMON_CHIP_NAMES, 1, {
                chip,
                chip_name: chipName,
              });
            }
            emitHwmonSensors(out, chip, data, sensorFilter);
          } catch (err) {
            lastErr = new Error(`hwmon ${dir}: ${(err as Error).message}`, { cause: err });
          }
        }
        if (lastErr !== undefined) throw lastErr;
      },
    };
  },
});
