import type { CollectorDefinition } from "../collector.ts";
import { readSystemCpufreq } from "../host/sysfs/cpu.ts";

export const cpufreqCollector: CollectorDefinition = {
  name: "cpufreq",
  create: ({ paths }) => ({
    update(out) {
      // sysfs gives kHz; the metrics are in hertz.
      for (const s of readSystemCpufreq(paths)) {
        const cpu = s.name;
        if (s.cpuinfoCurFreq !== undefined) {
          out.gauge("node_cpu_frequency_hertz", "Current CPU thread frequency in hertz.", s.cpuinfoCurFreq * 1000, { cpu });
        }
        if (s.cpuinfoMinFreq !== undefined) {
          out.gauge("node_cpu_frequency_min_hertz", "Minimum CPU thread frequency in hertz.", s.cpuinfoMinFreq * 1000, { cpu });
        }
        if (s.cpuinfoMaxFreq !== undefined) {
          out.gauge("node_cpu_frequency_max_hertz", "Maximum CPU thread frequency in hertz.", s.cpuinfoMaxFreq * 1000, { cpu });
        }
        if (s.scalingCurFreq !== undefined) {
          out.gauge("node_cpu_scaling_frequency_hertz", "Current scaled CPU thread frequency in hertz.", s.scalingCurFreq * 1000, { cpu });
        }
        if (s.scalingMinFreq !== undefined) {
          out.gauge("node_cpu_scaling_frequency_min_hertz", "Minimum scaled CPU thread frequency in hertz.", s.scalingMinFreq * 1000, { cpu });
        }
        if (s.scalingMaxFreq !== undefined) {
          out.gauge("node_cpu_scaling_frequency_max_hertz", "Maximum scaled CPU thread frequency in hertz.", s.scalingMaxFreq * 1000, { cpu });
        }
        if (s.governor !== "") {
          for (const governor of s.availableGovernors.split(" ")) {
            out.gauge("node_cpu_scaling_governor", "Current enabled CPU frequency governor.", governor === s.governor ? 1 : 0, {
              cpu,
              governor,
            });
          }
        }
      }
    },
  }),
};
