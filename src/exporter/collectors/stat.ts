import { defineCollector } from "../collector.ts";
import { SOFTIRQ_VECTORS, readStat } from "../host/procfs/stat.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { STAT_OPTIONS } from "./options/stat.ts";

const INTR_TOTAL = metricDesc("node_intr_total", "counter", "Total number of interrupts serviced.");
const CONTEXT_SWITCHES_TOTAL = metricDesc(
  "node_context_switches_total",
  "counter",
  "Total number of context switches.",
);
const FORKS_TOTAL = metricDesc("node_forks_total", "counter", "Total number of forks.");
const BOOT_TIME_SECONDS = metricDesc("node_boot_time_seconds", "gauge", "Node boot time, in unixtime.");
const PROCS_RUNNING = metricDesc("node_procs_running", "gauge", "Number of processes in runnable state.");
const PROCS_BLOCKED = metricDesc(
  "node_procs_blocked",
  "gauge",
  "Number of processes blocked waiting for I/O to complete.",
);
const SOFTIRQS_TOTAL = metricDesc("node_softirqs_total", "counter", "Number of softirq calls.", ["vector"]);

export const statCollector = defineCollector({
  name: "stat",
  options: STAT_OPTIONS,
  create: ({ paths, options }) => {
    const softirq = options.softirq;
    return {
      update(out) {
        const s = readStat(paths);
        out.add(INTR_TOTAL, s.intrTotal);
        out.add(CONTEXT_SWITCHES_TOTAL, s.contextSwitches);
        out.add(FORKS_TOTAL, s.processesCreated);
        out.add(BOOT_TIME_SECONDS, s.bootTime);
        out.add(PROCS_RUNNING, s.procsRunning);
        out.add(PROCS_BLOCKED, s.procsBlocked);
        if (softirq) {
          for (const vector of SOFTIRQ_VECTORS) {
            out.add(SOFTIRQS_TOTAL, s.softirq[vector], { vector });
          }
        }
      },
    };
  },
});
