// node_exporter's processes collector: processes and threads by state, and
// the kernel's pid and thread limits.

import type { Logger } from "../../telemetry/logger.ts";
import type { CollectorDefinition } from "../collector.ts";
import type { Paths } from "../paths.ts";
import { listPids, pidStatPath, readPidStat, taskDirPath, taskStatPath } from "../host/procfs/proc-pid-stat.ts";
import { readUintFile } from "../host/procfs/uint-file.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const PROCESSES_THREADS = metricDesc("node_processes_threads", "gauge", "Allocated threads in system");
const PROCESSES_MAX_THREADS = metricDesc("node_processes_max_threads", "gauge", "Limit of threads in the system");
const PROCESSES_STATE = metricDesc("node_processes_state", "gauge", "Number of processes in each state.", ["state"]);
const PROCESSES_THREADS_STATE = metricDesc(
  "node_processes_threads_state",
  "gauge",
  "Number of threads in each state.",
  ["thread_state"],
);
const PROCESSES_PIDS = metricDesc("node_processes_pids", "gauge", "Number of PIDs");
const PROCESSES_MAX_PROCESSES = metricDesc("node_processes_max_processes", "gauge", "Number of max PIDs limit");

/** A pid or thread that vanished between listing and reading. */
function vanished(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === "ENOENT" || code === "ESRCH" || String((err as Error)?.message).includes("no such process");
}

export interface ProcessCounts {
  pids: number;
  threads: number;
  states: Map<string, number>;
  threadStates: Map<string, number>;
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export function countProcesses(paths: Paths, logger: Logger): ProcessCounts {
  const c: ProcessCounts = { pids: 0, threads: 0, states: new Map(), threadStates: new Map() };
  let pids: number[];
  try {
    pids = listPids(paths.proc());
  } catch (err) {
    throw new Error(`unable to list all processes: ${(err as Error).message}`, { cause: err });
  }
  for (const pid of pids) {
    let stat;
    try {
      stat = readPidStat(pidStatPath(paths, pid));
    } catch (err) {
      if (vanished(err)) {
        logger.debug("file not found when retrieving stats for pid", { pid, err });
        continue;
      }
      throw new Error(`error reading stat for pid ${pid}: ${(err as Error).message}`, { cause: err });
    }
    c.pids++;
    bump(c.states, stat.state);
    c.threads += stat.numThreads;
    let tids: number[];
    try {
      tids = listPids(taskDirPath(paths, pid));
    } catch (err) {
      if (vanished(err)) {
        logger.debug("file not found when retrieving tasks for pid", { pid, err });
        continue;
      }
      throw new Error(`unable to list all threads for pid: ${pid}: ${(err as Error).message}`, { cause: err });
    }
    for (const tid of tids) {
      if (tid === pid) {
        bump(c.threadStates, stat.state);
        continue;
      }
      try {
        bump(c.threadStates, readPidStat(taskStatPath(paths, pid, tid)).state);
      } catch (err) {
        if (vanished(err)) {
          logger.debug("file not found when retrieving stats for thread", { pid, threadId: tid, err });
          continue;
        }
        throw new Error(`error reading stat for pid:${pid} thread:${tid} err:${(err as Error).message}`, { cause: err });
      }
    }
  }
  return c;
}

const readUint = (paths: Paths, ...parts: string[]) => readUintFile(paths.proc(...parts));

export const processesCollector: CollectorDefinition = {
  name: "processes",
  create({ paths, logger }) {
    return {
      update(out) {
        let c: ProcessCounts;
        try {
          c = countProcesses(paths, logger);
        } catch (err) {
          throw new Error(`unable to retrieve number of allocated threads: ${(err as Error).message}`, { cause: err });
        }
        out.add(PROCESSES_THREADS, c.threads);
        let maxThreads: number;
        try {
          maxThreads = readUint(paths, "sys", "kernel", "threads-max");
        } catch (err) {
          throw new Error(`unable to retrieve limit number of threads: ${(err as Error).message}`, { cause: err });
        }
        out.add(PROCESSES_MAX_THREADS, maxThreads);
        for (const [state, n] of c.states) out.add(PROCESSES_STATE, n, { state });
        for (const [thread_state, n] of c.threadStates) {
          out.add(PROCESSES_THREADS_STATE, n, { thread_state });
        }
        let pidMax: number;
        try {
          pidMax = readUint(paths, "sys", "kernel", "pid_max");
        } catch (err) {
          throw new Error(`unable to retrieve limit number of maximum pids alloved: ${(err as Error).message}`, { cause: err });
        }
        out.add(PROCESSES_PIDS, c.pids);
        out.add(PROCESSES_MAX_PROCESSES, pidMax);
      },
    };
  },
};
