// node_exporter's kernel_hung collector (1.11): how many tasks the kernel's
// hung-task detector has reported since boot (CONFIG_DETECT_HUNG_TASK).

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { readUintFile } from "../host/procfs/uint-file.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const KERNEL_HUNG_TASKS_TOTAL = metricDesc(
  "node_kernel_hung_tasks_total",
  "counter",
  "Total number of tasks that have been detected as hung since the system booted.",
);

export const kernelHungCollector: CollectorDefinition = {
  name: "kernel_hung",
  create: ({ paths, logger }) => ({
    update(out) {
      let count: number;
      try {
        count = readUintFile(paths.proc("sys", "kernel", "hung_task_detect_count"));
      } catch (err) {
        if (isNotFound(err)) {
          logger.debug("hung_task_detect_count does not exist");
          throw new NoDataError();
        }
        throw err;
      }
      out.add(KERNEL_HUNG_TASKS_TOTAL, count);
    },
  }),
};
