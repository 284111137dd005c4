// /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat: "pid (comm) S ppid ...".
// The comm may hold spaces and parentheses, so fields start after the last ")".

import { listDir, readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface PidStat {
  state: string;
  numThreads: number;
}

const NUM_THREADS_INDEX = 17;

export function parsePidStat(text: string): PidStat {
  const l = text.indexOf("(");
  const r = text.lastIndexOf(")");
  if (l < 0 || r < 0) throw new Error(`unexpected format, couldn't extract comm: "${text.trim()}"`);
  const fields = text.slice(r + 2).trim().split(/\s+/);
  if (fields.length <= NUM_THREADS_INDEX) throw new Error(`want at least ${NUM_THREADS_INDEX + 1} fields after comm, got ${fields.length}`);
  for (let i = 1; i <= NUM_THREADS_INDEX; i++) {
    if (!/^[+-]?\d+$/.test(fields[i])) throw new Error(`field ${i + 3} is not an integer: "${fields[i]}"`);
  }
  return { state: fields[0], numThreads: Number(fields[NUM_THREADS_INDEX]) };
}

/** Numeric entries of a /proc-like directory (pids, or tids under task/), as procfs's AllProcs. */
export function listPids(dir: string): number[] {
  const out: number[] = [];
  for (const name of listDir(dir)) {
    if (/^[+-]?\d+$/.test(name)) out.push(Number(name));
  }
  return out;
}

/** Throws the read error untouched (ENOENT/ESRCH: the process went away). */
export function readPidStat(file: string): PidStat {
  return readParsed(file, parsePidStat);
}

export const pidStatPath = (paths: Paths, pid: number) => paths.proc(String(pid), "stat");
export const taskDirPath = (paths: Paths, pid: number) => paths.proc(String(pid), "task");
export const taskStatPath = (paths: Paths, pid: number, tid: number) => paths.proc(String(pid), "task", String(tid), "stat");
