import type { CollectorDefinition } from "../collector.ts";
import { readSystemCpufreq } from "../host/sysfs/cpu.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const CPU_FREQUENCY_HERTZ = metricDesc(
  "node_cpu_frequency_hertz",
  "gauge",
  "Current CPU thread frequency in hertz.",
  ["cpu"],
);
// node_exporter 1.12 (#3712).
const CPU_FREQUENCY_AVG_HERTZ = metricDesc("node_cpu_frequency_avg_hertz", "gauge", "Average CPU thread frequency in hertz.", ["cpu"]);
const CPU_FREQUENCY_MIN_HERTZ = metricDesc(
  "node_cpu_frequency_min_hertz",
  "gauge",
  "Minimum CPU thread frequency in hertz.",
  ["cpu"],
);
const CPU_FREQUENCY_MAX_HERTZ = metricDesc(
  "node_cpu_frequency_max_hertz",
  "gauge",
  "Maximum CPU thread frequency in hertz.",
  ["cpu"],
);
const CPU_SCALING_FREQUENCY_HERTZ = metricDesc(
  "node_cpu_scaling_frequency_hertz",
  "gauge",
  "Current scaled CPU thread frequency in hertz.",
  ["cpu"],
);
const CPU_SCALING_FREQUENCY_MIN_HERTZ = metricDesc(
  "node_cpu_scaling_frequency_min_hertz",
  "gauge",
  "Minimum scaled CPU thread frequency in hertz.",
  ["cpu"],
);
const CPU_SCALING_FREQUENCY_MAX_HERTZ = metricDesc(
  "node_cpu_scaling_frequency_max_hertz",
  "gauge",
  "Maximum scaled CPU thread frequency in hertz.",
  ["cpu"],
);
const CPU_SCALING_GOVERNOR = metricDesc(
  "node_cpu_scaling_governor",
  "gauge",
  "Current enabled CPU frequency governor.",
  ["cpu", "governor"],
);

export const cpufreqCollector: CollectorDefinition = {
  name: "cpufreq",
  create: ({ paths }) => ({
    update(out) {
      // sysfs gives kHz; the metrics are in hertz.
      for (const s of readSystemCpufreq(paths)) {
        const cpu = s.name;
        if (s.cpuinfoCurFreq !== undefined) {
          out.add(CPU_FREQUENCY_HERTZ, s.cpuinfoCurFreq * 1000, { cpu });
        }
        if (s.cpuinfoAvgFreq !== undefined) {
          out.add(CPU_FREQUENCY_AVG_HERTZ, s.cpuinfoAvgFreq * 1000, { cpu });
        }
        if (s.cpuinfoMinFreq !== undefined) {
          out.add(CPU_FREQUENCY_MIN_HERTZ, s.cpuinfoMinFreq * 1000, { cpu });
        }
        if (s.cpuinfoMaxFreq !== undefined) {
          out.add(CPU_FREQUENCY_MAX_HERTZ, s.cpuinfoMaxFreq * 1000, { cpu });
        }
        if (s.scalingCurFreq !== undefined) {
          out.add(CPU_SCALING_FREQUENCY_HERTZ, s.scalingCurFreq * 1000, { cpu });
        }
        if (s.scalingMinFreq !== undefined) {
          out.add(CPU_SCALING_FREQUENCY_MIN_HERTZ, s.scalingMinFreq * 1000, { cpu });
        }
        if (s.scalingMaxFreq !== undefined) {
          out.add(CPU_SCALING_FREQUENCY_MAX_HERTZ, s.scalingMaxFreq * 1000, { cpu });
        }
        if (s.governor !== "") {
          for (const governor of s.availableGovernors.split(" ")) {
            out.add(CPU_SCALING_GOVERNOR, governor === s.governor ? 1 : 0, {
              cpu,
              governor,
            });
          }
        }
      }
    },
  }),
};
