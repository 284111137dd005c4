import { describe, expect, test } from "bun:test";
import { parseStat } from "../../../../src/exporter/host/procfs/stat.ts";

const FULL = `cpu  200 10 300 4000 50 6 70 8 9 1
cpu0 100 5 150 2000 25 3 35 4 4 1
cpu1 100 5 150 2000 25 3 35 4 5 0
intr 12345 1 2 3
ctxt 777
btime 1600000000
processes 4242
procs_running 3
procs_blocked 1
softirq 55 1 2 3 4 5 6 7 8 9 10
`;

describe("parseStat", () => {
  const s = parseStat(FULL);
  const rows: [string, unknown, unknown][] = [
    ["boot time", s.bootTime, 1600000000],
    ["interrupts total", s.intrTotal, 12345],
    ["context switches", s.contextSwitches, 777],
    ["forks", s.processesCreated, 4242],
    ["running", s.procsRunning, 3],
    ["blocked", s.procsBlocked, 1],
    ["softirq total", s.softirqTotal, 55],
    ["softirq hi", s.softirq.hi, 1],
    ["softirq rcu", s.softirq.rcu, 10],
    ["softirq block_iopoll", s.softirq.block_iopoll, 6],
    ["cpu total user in seconds", s.cpuTotal.user, 2],
    ["cpu0 idle in seconds", s.cpus.get(0)?.idle, 20],
    ["cpu1 guest in seconds", s.cpus.get(1)?.guest, 0.05],
    ["cpu1 guest_nice", s.cpus.get(1)?.guestNice, 0],
    ["cpu count", s.cpus.size, 2],
  ];
  test.each(rows)("%s", (_name, got, want) => {
    expect(got).toEqual(want);
  });

  test("old kernel with 4 cpu columns leaves the rest 0", () => {
    const old = parseStat("cpu0 100 0 100 500\n");
    expect(old.cpus.get(0)).toEqual({
      user: 1, nice: 0, system: 1, idle: 5, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0,
    });
  });

  test("short lines are skipped", () => {
    expect(parseStat("ctxt\n\nbtime 5\n").bootTime).toBe(5);
  });

  const bad: [string, string, string][] = [
    ["non-numeric btime", "btime x\n", 'line 1: btime: not an unsigned integer: "x"'],
    ["negative ctxt", "cpu 1 2 3 4\nctxt -1\n", "line 2: ctxt"],
    ["bad cpu column", "cpu0 1 two 3\n", 'line 1: cpu0: column 2 is not a number: "two"'],
    ["bad cpu name", "cpuX 1 2 3\n", 'bad cpu name "cpuX"'],
    ["short softirq", "softirq 1 2 3\n", "line 1: softirq: want 11 counts, got 3"],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseStat(text)).toThrow(message);
  });
});
