import { join } from "node:path";
import type { Logger } from "../../telemetry/logger.ts";
import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import { defineCollector } from "../collector.ts";
import { compileGoRegexp } from "../../go/regexp.ts";
import type { Paths } from "../paths.ts";
import { readCpuInfo } from "../host/procfs/cpuinfo.ts";
import { CPU_STAT_FIELDS, type CpuStat, emptyCpuStat, readStat } from "../host/procfs/stat.ts";
import { cpuDirs, readCpusOnline, readIsolatedCpus, readUintFile } from "../host/sysfs/cpu.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { CPU_OPTIONS } from "./options/cpu.ts";

const SECONDS_HELP = "Seconds the CPUs spent in each mode.";
const GUEST_HELP = "Seconds the CPUs spent in guests (VMs) for each mode.";

const CPU_PACKAGE_THROTTLES_TOTAL = metricDesc(
  "node_cpu_package_throttles_total",
  "counter",
  "Number of times this CPU package has been throttled.",
  ["package"],
);
const CPU_CORE_THROTTLES_TOTAL = metricDesc(
  "node_cpu_core_throttles_total",
  "counter",
  "Number of times this CPU core has been throttled.",
  ["package", "core"],
);
const CPU_INFO = metricDesc(
  "node_cpu_info",
  "gauge",
  "CPU information from /proc/cpuinfo.",
  ["package", "core", "cpu", "vendor", "family", "model", "model_name", "microcode", "stepping", "cachesize"],
);
const CPU_FREQUENCY_HERTZ = metricDesc(
  "node_cpu_frequency_hertz",
  "gauge",
  "CPU frequency in hertz from /proc/cpuinfo.",
  ["package", "core", "cpu"],
);
const CPU_FLAG_INFO = metricDesc(
  "node_cpu_flag_info",
  "gauge",
  "The `flags` field of CPU information from /proc/cpuinfo taken from the first core.",
  ["flag"],
);
const CPU_BUG_INFO = metricDesc(
  "node_cpu_bug_info",
  "gauge",
  "The `bugs` field of CPU information from /proc/cpuinfo taken from the first core.",
  ["bug"],
);
const CPU_SECONDS_TOTAL = metricDesc("node_cpu_seconds_total", "counter", SECONDS_HELP, ["cpu", "mode"]);
const CPU_GUEST_SECONDS_TOTAL = metricDesc("node_cpu_guest_seconds_total", "counter", GUEST_HELP, ["cpu", "mode"]);
// node_exporter 1.9 (#3032).
const CPU_ONLINE = metricDesc("node_cpu_online", "gauge", "CPUs that are online and being scheduled.", ["cpu"]);
const CPU_ISOLATED = metricDesc(
  "node_cpu_isolated",
  "gauge",
  "Whether each core is isolated, information from /sys/devices/system/cpu/isolated.",
  ["cpu"],
);

/** An idle counter falling back by this much means a CPU was hot-plugged. */
const JUMP_BACK_SECONDS = 3.0;

/**
 * Keeps the per-CPU counters monotonic across scrapes: a counter that falls
 * back (kernel accounting glitches) keeps its previous value, and a large
 * idle jump back resets that CPU. CPUs no longer listed are forgotten.
 */
export class CpuStatCache {
  readonly stats = new Map<number, CpuStat>();

  constructor(private readonly logger: Logger) {}

  update(fresh: Map<number, CpuStat>): void {
    for (const [id, n] of fresh) {
      let cached = this.stats.get(id) ?? emptyCpuStat();
      if (cached.idle - n.idle >= JUMP_BACK_SECONDS) {
        this.logger.debug(
          `CPU Idle counter jumped backwards more than ${JUMP_BACK_SECONDS.toFixed(6)} seconds, possible hotplug event, resetting CPU stats`,
          { cpu: id, old_value: cached.idle, new_value: n.idle },
        );
        cached = emptyCpuStat();
      }
      const next = { ...cached };
      for (const field of CPU_STAT_FIELDS) {
        if (n[field] >= cached[field]) next[field] = n[field];
        else this.logger.debug("CPU counter jumped backwards", { cpu: id, field, old_value: cached[field], new_value: n[field] });
      }
      this.stats.set(id, next);
    }
    if (fresh.size !== this.stats.size) {
      for (const id of [...this.stats.keys()]) if (!fresh.has(id)) this.stats.delete(id);
    }
  }
}

function updateThermalThrottle(paths: Paths, logger: Logger, out: FamilyBuilder): void {
  const packages = new Map<number, number>();
  const cores = new Map<number, Map<number, number | undefined>>();
  for (const cpu of cpuDirs(paths)) {
    let pkg: number;
    let core: number;
    try {
      pkg = readUintFile(join(cpu, "topology", "physical_package_id"));
    } catch {
      logger.debug("CPU is missing physical_package_id", { cpu });
      continue;
    }
    try {
      core = readUintFile(join(cpu, "topology", "core_id"));
    } catch {
      logger.debug("CPU is missing core_id", { cpu });
      continue;
    }
    // Core throttles first: some CPU and kernel combinations have only those.
    let coreMap = cores.get(pkg);
    if (!coreMap) cores.set(pkg, (coreMap = new Map()));
    if (!coreMap.has(core)) {
      try {
        coreMap.set(core, readUintFile(join(cpu, "thermal_throttle", "core_throttle_count")));
      } catch {
        logger.debug("CPU is missing core_throttle_count", { cpu });
      }
    }
    if (!packages.has(pkg)) {
      try {
        packages.set(pkg, readUintFile(join(cpu, "thermal_throttle", "package_throttle_count")));
      } catch {
        logger.debug("CPU is missing package_throttle_count", { cpu });
      }
    }
  }
  for (const [pkg, count] of packages) {
    out.add(CPU_PACKAGE_THROTTLES_TOTAL, count, {
      package: String(pkg),
    });
  }
  for (const [pkg, coreMap] of cores) {
    for (const [core, count] of coreMap) {
      if (count === undefined) continue;
      out.add(CPU_CORE_THROTTLES_TOTAL, count, {
        package: String(pkg),
        core: String(core),
      });
    }
  }
}

export const cpuCollector = defineCollector({
  name: "cpu",
  options: CPU_OPTIONS,
  create: ({ paths, options, enabledCollectors, logger }) => {
    const guest = options.guest;
    let info = options.info;
    const flagsInclude = options.infoFlagsInclude;
    const bugsInclude = options.infoBugsInclude;
    if ((flagsInclude !== "" || bugsInclude !== "") && !info) {
      info = true;
      logger.info(
        "--collector.cpu.info has been set to `true` because you set the following flags, like --collector.cpu.info.flags-include and --collector.cpu.info.bugs-include",
      );
    }
    const what =
      "fail to compile --collector.cpu.info.flags-include and --collector.cpu.info.bugs-include, the values of them must be regular expressions";
    const flagsRe = flagsInclude === "" ? undefined : compileGoRegexp(flagsInclude, what);
    const bugsRe = bugsInclude === "" ? undefined : compileGoRegexp(bugsInclude, what);

    let isolated: number[] | undefined;
    try {
      isolated = readIsolatedCpus(paths);
    } catch (err) {
      throw new Error(`Unable to get isolated cpus: ${(err as Error).message}`, { cause: err });
    }
    if (isolated === undefined) logger.debug("Could not open isolated file", { file: paths.sys("devices/system/cpu/isolated") });

    const cache = new CpuStatCache(logger);
    // Since node_exporter 1.10 (#3318) the /proc/cpuinfo frequency comes with
    // the cpufreq collector enabled, no longer instead of it.
    const freqFromCpuinfo = enabledCollectors.has("cpufreq");

    return {
      update(out) {
        if (info) {
          const cpus = readCpuInfo(paths);
          for (const c of cpus) {
            out.add(CPU_INFO, 1, {
              package: c.physicalId,
              core: c.coreId,
              cpu: String(c.processor),
              vendor: c.vendorId,
              family: c.cpuFamily,
              model: c.model,
              model_name: c.modelName,
              microcode: c.microcode,
              stepping: c.stepping,
              cachesize: c.cacheSize,
            });
          }
          if (freqFromCpuinfo) {
            for (const c of cpus) {
              out.add(CPU_FREQUENCY_HERTZ, c.cpuMHz * 1e6, {
                package: c.physicalId,
                core: c.coreId,
                cpu: String(c.processor),
              });
            }
          }
          if (cpus.length > 0) {
            if (flagsRe) {
              for (const flag of cpus[0].flags) {
                if (flagsRe.test(flag)) {
                  out.add(CPU_FLAG_INFO, 1, { flag });
                }
              }
            }
            if (bugsRe) {
              for (const bug of cpus[0].bugs) {
                if (bugsRe.test(bug)) {
                  out.add(CPU_BUG_INFO, 1, { bug });
                }
              }
            }
          }
        }

        cache.update(readStat(paths).cpus);
        for (const [id, s] of cache.stats) {
          const cpu = String(id);
          out.add(CPU_SECONDS_TOTAL, s.user, { cpu, mode: "user" });
          out.add(CPU_SECONDS_TOTAL, s.nice, { cpu, mode: "nice" });
          out.add(CPU_SECONDS_TOTAL, s.system, { cpu, mode: "system" });
          out.add(CPU_SECONDS_TOTAL, s.idle, { cpu, mode: "idle" });
          out.add(CPU_SECONDS_TOTAL, s.iowait, { cpu, mode: "iowait" });
          out.add(CPU_SECONDS_TOTAL, s.irq, { cpu, mode: "irq" });
          out.add(CPU_SECONDS_TOTAL, s.softirq, { cpu, mode: "softirq" });
          out.add(CPU_SECONDS_TOTAL, s.steal, { cpu, mode: "steal" });
          if (guest) {
            // Guest time is also counted in user and nice; exposed separately.
            out.add(CPU_GUEST_SECONDS_TOTAL, s.guest, { cpu, mode: "user" });
            out.add(CPU_GUEST_SECONDS_TOTAL, s.guestNice, { cpu, mode: "nice" });
          }
        }

        if (isolated) {
          for (const id of isolated) {
            out.add(CPU_ISOLATED, 1, { cpu: String(id) });
          }
        }
        updateThermalThrottle(paths, logger, out);
        for (const [cpu, online] of readCpusOnline(paths) ?? []) out.add(CPU_ONLINE, online ? 1 : 0, { cpu });
      },
    };
  },
});
