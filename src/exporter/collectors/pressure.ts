import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { type PsiStats, readPsi } from "../host/procfs/pressure.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const PRESSURE_CPU_WAITING_SECONDS_TOTAL = metricDesc(
  "node_pressure_cpu_waiting_seconds_total",
  "counter",
  "Total time in seconds that processes have waited for CPU time",
);
const PRESSURE_IO_WAITING_SECONDS_TOTAL = metricDesc(
  "node_pressure_io_waiting_seconds_total",
  "counter",
  "Total time in seconds that processes have waited due to IO congestion",
);
const PRESSURE_IO_STALLED_SECONDS_TOTAL = metricDesc(
  "node_pressure_io_stalled_seconds_total",
  "counter",
  "Total time in seconds no process could make progress due to IO congestion",
);
const PRESSURE_MEMORY_WAITING_SECONDS_TOTAL = metricDesc(
  "node_pressure_memory_waiting_seconds_total",
  "counter",
  "Total time in seconds that processes have waited for memory",
);
const PRESSURE_MEMORY_STALLED_SECONDS_TOTAL = metricDesc(
  "node_pressure_memory_stalled_seconds_total",
  "counter",
  "Total time in seconds no process could make progress due to memory congestion",
);
const PRESSURE_IRQ_STALLED_SECONDS_TOTAL = metricDesc(
  "node_pressure_irq_stalled_seconds_total",
  "counter",
  "Total time in seconds no process could make progress due to IRQ congestion",
);

// irq since node_exporter 1.9 (#3048); kernels before 6.1 have no irq file.
const RESOURCES = ["cpu", "io", "memory", "irq"] as const;
// Two divisions, as node_exporter does: a single /1e6 can differ in the last bit.
const seconds = (us: number) => us / 1000 / 1000;

export const pressureCollector: CollectorDefinition = {
  name: "pressure",
  create: ({ paths, logger }) => ({
    update(out) {
      let found = 0;
      for (const res of RESOURCES) {
        let vals: PsiStats;
        try {
          vals = readPsi(paths, res);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          // A missing resource costs only that resource (node_exporter 1.9.1, #3263).
          if (code === "ENOENT") {
            logger.debug(
              res === "irq"
                ? "IRQ pressure information is unavailable, you need a Linux kernel >= 6.1 and/or CONFIG_PSI enabled for your kernel"
                : "pressure information is unavailable, you need a Linux kernel >= 4.20 and/or CONFIG_PSI enabled for your kernel",
              { resource: res },
            );
            continue;
          }
          if (code === "EOPNOTSUPP" || code === "ENOTSUP") {
            throw new NoDataError("pressure information is disabled, add psi=1 kernel command line to enable it");
          }
          throw new Error(`failed to retrieve pressure stats: ${(err as Error).message}`, { cause: err });
        }
        if (!vals.some && res !== "irq") throw new NoDataError("pressure information returned no 'some' data");
        if (!vals.full && res !== "cpu") throw new NoDataError("pressure information returned no 'full' data");
        logger.debug("collecting statistics for resource", { resource: res });
        switch (res) {
          case "cpu":
            out.add(PRESSURE_CPU_WAITING_SECONDS_TOTAL, seconds(vals.some?.total ?? 0));
            break;
          case "io":
            out.add(PRESSURE_IO_WAITING_SECONDS_TOTAL, seconds(vals.some?.total ?? 0));
            out.add(PRESSURE_IO_STALLED_SECONDS_TOTAL, seconds(vals.full?.total ?? 0));
            break;
          case "memory":
            out.add(PRESSURE_MEMORY_WAITING_SECONDS_TOTAL, seconds(vals.some?.total ?? 0));
            out.add(PRESSURE_MEMORY_STALLED_SECONDS_TOTAL, seconds(vals.full?.total ?? 0));
            break;
          case "irq":
            out.add(PRESSURE_IRQ_STALLED_SECONDS_TOTAL, seconds(vals.full?.total ?? 0));
            break;
        }
        found++;
      }
      if (found === 0) {
        throw new NoDataError("pressure information is unavailable, you need a Linux kernel >= 4.20 and/or CONFIG_PSI enabled for your kernel");
      }
    },
  }),
};
