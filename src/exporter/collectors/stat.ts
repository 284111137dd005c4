import type { CollectorDefinition } from "../collector.ts";
import { SOFTIRQ_VECTORS, readStat } from "../host/procfs/stat.ts";

export const statCollector: CollectorDefinition = {
  name: "stat",
  flags: [{ name: "collector.stat.softirq", kind: "bool", default: "false", help: "Export softirq calls per vector" }],
  create: ({ paths, flags }) => {
    const softirq = flags.bool("collector.stat.softirq");
    return {
      update(out) {
        const s = readStat(paths);
        out.counter("node_intr_total", "Total number of interrupts serviced.", s.intrTotal);
        out.counter("node_context_switches_total", "Total number of context switches.", s.contextSwitches);
        out.counter("node_forks_total", "Total number of forks.", s.processesCreated);
        out.gauge("node_boot_time_seconds", "Node boot time, in unixtime.", s.bootTime);
        out.gauge("node_procs_running", "Number of processes in runnable state.", s.procsRunning);
        out.gauge("node_procs_blocked", "Number of processes blocked waiting for I/O to complete.", s.procsBlocked);
        if (softirq) {
          for (const vector of SOFTIRQ_VECTORS) {
            out.counter("node_softirqs_total", "Number of softirq calls.", s.softirq[vector], { vector });
          }
        }
      },
    };
  },
};
