import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { type SchedstatCpu, readSchedstat } from "../host/procfs/schedstat.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const SCHEDSTAT_RUNNING_SECONDS_TOTAL = metricDesc(
  "node_schedstat_running_seconds_total",
  "counter",
  "Number of seconds CPU spent running a process.",
  ["cpu"],
);
const SCHEDSTAT_WAITING_SECONDS_TOTAL = metricDesc(
  "node_schedstat_waiting_seconds_total",
  "counter",
  "Number of seconds spent by processing waiting for this CPU.",
  ["cpu"],
);
const SCHEDSTAT_TIMESLICES_TOTAL = metricDesc(
  "node_schedstat_timeslices_total",
  "counter",
  "Number of timeslices executed by CPU.",
  ["cpu"],
);

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
        out.add(SCHEDSTAT_RUNNING_SECONDS_TOTAL, c.runningNanoseconds / NS_PER_SECOND, labels);
        out.add(SCHEDSTAT_WAITING_SECONDS_TOTAL, c.waitingNanoseconds / NS_PER_SECOND, labels);
        out.add(SCHEDSTAT_TIMESLICES_TOTAL, c.timeslices, labels);
      }
    },
  }),
};
