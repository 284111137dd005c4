import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { type AdjtimexResult, STA_NANO, TIME_ERROR, adjtimex } from "../kernel/adjtimex.ts";

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
        out.gauge("node_timex_sync_status", "Is clock synchronized to a reliable server (1 = yes, 0 = no).", r.state === TIME_ERROR ? 0 : 1);
        out.gauge("node_timex_offset_seconds", "Time offset in between local system and reference clock.", t.offset / divisor);
        out.gauge("node_timex_frequency_adjustment_ratio", "Local clock frequency adjustment.", 1 + t.freq / PPM16FRAC);
        out.gauge("node_timex_maxerror_seconds", "Maximum error in seconds.", t.maxerror / MICROSECONDS);
        out.gauge("node_timex_estimated_error_seconds", "Estimated error in seconds.", t.esterror / MICROSECONDS);
        out.gauge("node_timex_status", "Value of the status array bits.", t.status);
        out.gauge("node_timex_loop_time_constant", "Phase-locked loop time constant.", t.constant);
        out.gauge("node_timex_tick_seconds", "Seconds between clock ticks.", t.tick / MICROSECONDS);
        out.gauge("node_timex_pps_frequency_hertz", "Pulse per second frequency.", t.ppsfreq / PPM16FRAC);
        out.gauge("node_timex_pps_jitter_seconds", "Pulse per second jitter.", t.jitter / divisor);
        out.gauge("node_timex_pps_shift_seconds", "Pulse per second interval duration.", t.shift);
        out.gauge("node_timex_pps_stability_hertz", "Pulse per second stability, average of recent frequency changes.", t.stabil / PPM16FRAC);
        out.counter("node_timex_pps_jitter_total", "Pulse per second count of jitter limit exceeded events.", t.jitcnt);
        out.counter("node_timex_pps_calibration_total", "Pulse per second count of calibration intervals.", t.calcnt);
        out.counter("node_timex_pps_error_total", "Pulse per second count of calibration errors.", t.errcnt);
        out.counter("node_timex_pps_stability_exceeded_total", "Pulse per second count of stability limit exceeded events.", t.stbcnt);
        out.gauge("node_timex_tai_offset_seconds", "International Atomic Time (TAI) offset.", t.tai);
      },
    }),
  };
}

export const timexCollector: CollectorDefinition = timexCollectorWith(adjtimex);
