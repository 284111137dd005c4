// node_exporter's processes collector: processes and threads by state, and
// the kernel's pid and thread limits.

import type { Logger } from "../../log/logger.ts";
import type { CollectorDefinition } from "../collector.ts";
import type { Paths } from "../paths.ts";
import { listPids, pidStatPath, readPidStat, taskDirPath, taskStatPath } from "../host/procfs/proc-pid-stat.ts";
import { readUintFile } from "../host/procfs/uint-file.ts";

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
        out.gauge("node_processes_threads", "Allocated threads in system", c.threads);
        let maxThreads: number;
        try {
          maxThreads = readUint(paths, "sys", "kernel", "threads-max");
        } catch (err) {
          throw new Error(`unable to retrieve limit number of threads: ${(err as Error).message}`, { cause: err });
        }
        out.gauge("node_processes_max_threads", "Limit of threads in the system", maxThreads);
        for (const [state, n] of c.states) out.gauge("node_processes_state", "Number of processes in each state.", n, { state });
        for (const [thread_state, n] of c.threadStates) {
          out.gauge("node_processes_threads_state", "Number of threads in each state.", n, { thread_state });
        }
        let pidMax: number;
        try {
          pidMax = readUint(paths, "sys", "kernel", "pid_max");
        } catch (err) {
          throw new Error(`unable to retrieve limit number of maximum pids alloved: ${(err as Error).message}`, { cause: err });
        }
        out.gauge("node_processes_pids", "Number of PIDs", c.pids);
        out.gauge("node_processes_max_processes", "Number of max PIDs limit", pidMax);
      },
    };
  },
};
