import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { type AdjtimexResult, STA_NANO, TIME_ERROR, adjtimex } from "../kernel/adjtimex.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const TIMEX_SYNC_STATUS = metricDesc(
  "node_timex_sync_status",
  "gauge",
  "Is clock synchronized to a reliable server (1 = yes, 0 = no).",
);
const TIMEX_OFFSET_SECONDS = metricDesc(
  "node_timex_offset_seconds",
  "gauge",
  "Time offset in between local system and reference clock.",
);
const TIMEX_FREQUENCY_ADJUSTMENT_RATIO = metricDesc(
  "node_timex_frequency_adjustment_ratio",
  "gauge",
  "Local clock frequency adjustment.",
);
const TIMEX_MAXERROR_SECONDS = metricDesc("node_timex_maxerror_seconds", "gauge", "Maximum error in seconds.");
const TIMEX_ESTIMATED_ERROR_SECONDS = metricDesc(
  "node_timex_estimated_error_seconds",
  "gauge",
  "Estimated error in seconds.",
);
const TIMEX_STATUS = metricDesc("node_timex_status", "gauge", "Value of the status array bits.");
const TIMEX_LOOP_TIME_CONSTANT = metricDesc(
  "node_timex_loop_time_constant",
  "gauge",
  "Phase-locked loop time constant.",
);
const TIMEX_TICK_SECONDS = metricDesc("node_timex_tick_seconds", "gauge", "Seconds between clock ticks.");
const TIMEX_PPS_FREQUENCY_HERTZ = metricDesc("node_timex_pps_frequency_hertz", "gauge", "Pulse per second frequency.");
const TIMEX_PPS_JITTER_SECONDS = metricDesc("node_timex_pps_jitter_seconds", "gauge", "Pulse per second jitter.");
const TIMEX_PPS_SHIFT_SECONDS = metricDesc(
  "node_timex_pps_shift_seconds",
  "gauge",
  "Pulse per second interval duration.",
);
const TIMEX_PPS_STABILITY_HERTZ = metricDesc(
  "node_timex_pps_stability_hertz",
  "gauge",
  "Pulse per second stability, average of recent frequency changes.",
);
const TIMEX_PPS_JITTER_TOTAL = metricDesc(
  "node_timex_pps_jitter_total",
  "counter",
  "Pulse per second count of jitter limit exceeded events.",
);
const TIMEX_PPS_CALIBRATION_TOTAL = metricDesc(
  "node_timex_pps_calibration_total",
  "counter",
  "Pulse per second count of calibration intervals.",
);
const TIMEX_PPS_ERROR_TOTAL = metricDesc(
  "node_timex_pps_error_total",
  "counter",
  "Pulse per second count of calibration errors.",
);
const TIMEX_PPS_STABILITY_EXCEEDED_TOTAL = metricDesc(
  "node_timex_pps_stability_exceeded_total",
  "counter",
  "Pulse per second count of stability limit exceeded events.",
);
const TIMEX_TAI_OFFSET_SECONDS = metricDesc(
  "node_timex_tai_offset_seconds",
  "gauge",
  "International Atomic Time (TAI) offset.",
);

const NANOSECONDS = 1e9;
const MICROSECONDS = 1e6;
/** freq, ppsfreq and stabil are ppm with a 16-bit fraction (see NOTES in adjtimex(2)). */
const PPM16FRAC = 1000000.0 * 65536.0;

/** The collector over a given adjtimex, so tests can feed it a decoded struct. */
export function timexCollectorWith(call: () => AdjtimexResult): CollectorDefinition {
  return {
    name: "timex",
    create: ({ logger }) => ({
      update(out) {
        let r: AdjtimexResult;
        try {
          r = call();
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === "EPERM") {
            logger.debug("Not collecting timex metrics", { err });
            throw new NoDataError(`Not collecting timex metrics: ${(err as Error).message}`);
          }
          throw new Error(`failed to retrieve adjtimex stats: ${(err as Error).message}`, { cause: err });
        }
        const t = r.timex;
        const divisor = (t.status & STA_NANO) !== 0 ? NANOSECONDS : MICROSECONDS;
        out.add(TIMEX_SYNC_STATUS, r.state === TIME_ERROR ? 0 : 1);
        out.add(TIMEX_OFFSET_SECONDS, t.offset / divisor);
        out.add(TIMEX_FREQUENCY_ADJUSTMENT_RATIO, 1 + t.freq / PPM16FRAC);
        out.add(TIMEX_MAXERROR_SECONDS, t.maxerror / MICROSECONDS);
        out.add(TIMEX_ESTIMATED_ERROR_SECONDS, t.esterror / MICROSECONDS);
        out.add(TIMEX_STATUS, t.status);
        out.add(TIMEX_LOOP_TIME_CONSTANT, t.constant);
        out.add(TIMEX_TICK_SECONDS, t.tick / MICROSECONDS);
        out.add(TIMEX_PPS_FREQUENCY_HERTZ, t.ppsfreq / PPM16FRAC);
        out.add(TIMEX_PPS_JITTER_SECONDS, t.jitter / divisor);
        out.add(TIMEX_PPS_SHIFT_SECONDS, t.shift);
        out.add(TIMEX_PPS_STABILITY_HERTZ, t.stabil / PPM16FRAC);
        out.add(TIMEX_PPS_JITTER_TOTAL, t.jitcnt);
        out.add(TIMEX_PPS_CALIBRATION_TOTAL, t.calcnt);
        out.add(TIMEX_PPS_ERROR_TOTAL, t.errcnt);
        out.add(TIMEX_PPS_STABILITY_EXCEEDED_TOTAL, t.stbcnt);
        out.add(TIMEX_TAI_OFFSET_SECONDS, t.tai);
      },
    }),
  };
}

export const timexCollector: CollectorDefinition = timexCollectorWith(adjtimex);
