import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { type SchedstatCpu, readSchedstat } from "../host/procfs/schedstat.ts";

const NS_PER_SECOND = 1e9;

export const schedstatCollector: CollectorDefinition = {
  name: "schedstat",
  create: ({ paths }) => ({
    update(out) {
      let cpus: SchedstatCpu[];
      try {
        cpus = readSchedstat(paths);
      } catch (err) {
        if (isNotFound(err)) throw new NoDataError("schedstat file does not exist");
        throw err;
      }
      for (const c of cpus) {
        const labels = { cpu: c.cpu };
        out.counter("node_schedstat_running_seconds_total", "Number of seconds CPU spent running a process.", c.runningNanoseconds / NS_PER_SECOND, labels);
        out.counter("node_schedstat_waiting_seconds_total", "Number of seconds spent by processing waiting for this CPU.", c.waitingNanoseconds / NS_PER_SECOND, labels);
        out.counter("node_schedstat_timeslices_total", "Number of timeslices executed by CPU.", c.timeslices, labels);
      }
    },
  }),
};
