import { describe, expect, test } from "bun:test";
import { COLLECTORS } from "../../src/exporter/collector-list.ts";
import { exporterFlagTable, rejectRemovedCollectors } from "../../src/exporter/flags.ts";
import { parseFlags } from "../../src/flags/flag-table.ts";

const NTP_ERROR = "the ntp collector is deprecated upstream and not part of mon; use the timex collector (node_timex_*) instead";
const check = (args: string[]) => rejectRemovedCollectors(parseFlags(exporterFlagTable(COLLECTORS), args).flags);

describe("removed collectors (ntp)", () => {
  const refused: string[][] = [
    ["--collector.ntp"],
    ["--collector.ntp=true"],
    ["--collector.ntp.server=10.0.0.1"],
    ["--collector.ntp.max-distance=3.46608s"],
    ["--no-collector.ntp", "--collector.ntp.server-is-local"],
  ];
  test.each(refused)("refuses %p", (...args) => {
    expect(() => check(args)).toThrow(NTP_ERROR);
  });

  const accepted: string[][] = [[], ["--no-collector.ntp"], ["--collector.ntp=false"], ["--collector.loadavg"]];
  test.each(accepted)("accepts %p", (...args) => {
    expect(() => check(args)).not.toThrow();
  });

  test("the ntp flags are hidden from --help", () => {
    const ntp = exporterFlagTable(COLLECTORS).filter((f) => f.name.startsWith("collector.ntp"));
    expect(ntp.length).toBe(8);
    expect(ntp.every((f) => f.hidden)).toBe(true);
  });

  test("mon exporter --collector.ntp exits 1 with the reason", async () => {
    const proc = Bun.spawn([process.execPath, "src/main.ts", "exporter", "--collector.ntp"], {
      cwd: `${import.meta.dir}/../..`,
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code).toBe(1);
    expect(stderr).toContain(`mon exporter: error: ${NTP_ERROR}`);
  });
});
