import { describe, expect, test } from "bun:test";
import { NoDataError } from "../../../src/exporter/collector.ts";
import { timexCollectorWith } from "../../../src/exporter/collectors/timex.ts";
import { STA_NANO, type Timex, decodeTimex } from "../../../src/exporter/kernel/adjtimex.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";
import { buildTimex } from "../../support/build-timex.ts";

const tree = makeHostTree({});
const scrape = (state: number, t: Partial<Timex>) =>
  collectorScraper(timexCollectorWith(() => ({ state, timex: decodeTimex(buildTimex(t)) })), tree.paths)();

describe("timex collector", async () => {
  const micro = await scrape(0, {
    offset: 1500, freq: 65536 * 10, maxerror: 16000000, esterror: 500, status: 1, constant: 2, tick: 10000,
    ppsfreq: 65536, jitter: 2000, shift: 4, stabil: 65536 * 2, jitcnt: 1, calcnt: 2, errcnt: 3, stbcnt: 4, tai: 37,
  });
  const nano = await scrape(5, { offset: 1500, jitter: 2000, status: STA_NANO });
  const rows: [string, string, string][] = [
    ["synced", micro, "node_timex_sync_status 1"],
    ["TIME_ERROR is unsynced", nano, "node_timex_sync_status 0"],
    ["offset in microseconds", micro, "node_timex_offset_seconds 0.0015"],
    ["offset in nanoseconds with STA_NANO", nano, "node_timex_offset_seconds 1.5e-06"],
    ["jitter follows STA_NANO", nano, "node_timex_pps_jitter_seconds 2e-06"],
    ["freq ratio", micro, "node_timex_frequency_adjustment_ratio 1.00001"],
    ["maxerror always microseconds", micro, "node_timex_maxerror_seconds 16"],
    ["esterror", micro, "node_timex_estimated_error_seconds 0.0005"],
    ["status", micro, "node_timex_status 1"],
    ["constant", micro, "node_timex_loop_time_constant 2"],
    ["tick", micro, "node_timex_tick_seconds 0.01"],
    ["pps frequency", micro, "node_timex_pps_frequency_hertz 1e-06"],
    ["shift as is", micro, "node_timex_pps_shift_seconds 4"],
    ["stability", micro, "node_timex_pps_stability_hertz 2e-06"],
    ["jitter count counter", micro, "# TYPE node_timex_pps_jitter_total counter"],
    ["calibrations", micro, "node_timex_pps_calibration_total 2"],
    ["errors", micro, "node_timex_pps_error_total 3"],
    ["stability exceeded", micro, "node_timex_pps_stability_exceeded_total 4"],
    ["tai", micro, "node_timex_tai_offset_seconds 37"],
  ];
  test.each(rows)("%s", (_name, text, line) => {
    expect(text.split("\n")).toContain(line);
  });

  const fail = (code: string) => () => {
    const err = new Error(`adjtimex: ${code}`) as NodeJS.ErrnoException;
    err.code = code;
    throw err;
  };
  test("EPERM is no data", async () => {
    await expect(collectorScraper(timexCollectorWith(fail("EPERM")), tree.paths)()).rejects.toBeInstanceOf(NoDataError);
  });
  test("other errors fail cleanly with upstream's prefix", async () => {
    await expect(collectorScraper(timexCollectorWith(fail("EFAULT")), tree.paths)()).rejects.toThrow(
      "failed to retrieve adjtimex stats: adjtimex: EFAULT",
    );
  });
});
