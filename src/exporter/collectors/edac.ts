// EDAC memory error counters from /sys/devices/system/edac/mc.

import type { CollectorDefinition } from "../collector.ts";
import { listEdacChannels, listEdacControllers, readEdacCount } from "../host/sysfs/edac.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const CE = "Total correctable memory errors.";
const UE = "Total uncorrectable memory errors.";
const CSROW_CE = "Total correctable memory errors for this csrow.";
const CSROW_UE = "Total uncorrectable memory errors for this csrow.";

const EDAC_CORRECTABLE_ERRORS_TOTAL = metricDesc("node_edac_correctable_errors_total", "counter", CE, ["controller"]);
const EDAC_CSROW_CORRECTABLE_ERRORS_TOTAL = metricDesc(
  "node_edac_csrow_correctable_errors_total",
  "counter",
  CSROW_CE,
  ["controller", "csrow"],
);
const EDAC_UNCORRECTABLE_ERRORS_TOTAL = metricDesc(
  "node_edac_uncorrectable_errors_total",
  "counter",
  UE,
  ["controller"],
);
const EDAC_CSROW_UNCORRECTABLE_ERRORS_TOTAL = metricDesc(
  "node_edac_csrow_uncorrectable_errors_total",
  "counter",
  CSROW_UE,
  ["controller", "csrow"],
);

// Per channel with the DIMM's label, since node_exporter 1.12 (#3720).
const CHANNEL_LABELS = ["controller", "csrow", "channel", "dimm_label"] as const;
const EDAC_CHANNEL_CORRECTABLE_ERRORS_TOTAL = metricDesc(
  "node_edac_channel_correctable_errors_total",
  "counter",
  "Total correctable memory errors for this channel.",
  CHANNEL_LABELS,
);
const EDAC_CHANNEL_UNCORRECTABLE_ERRORS_TOTAL = metricDesc(
  "node_edac_channel_uncorrectable_errors_total",
  "counter",
  "Total uncorrectable memory errors for this channel.",
  CHANNEL_LABELS,
);

function count(file: string, what: string): number {
  try {
    return readEdacCount(file);
  } catch (err) {
    throw new Error(`couldn't get ${what}: ${(err as Error).message}`, { cause: err });
  }
}

export const edacCollector: CollectorDefinition = {
  name: "edac",
  create: ({ paths, logger }) => ({
    update(out) {
      for (const mc of listEdacControllers(paths)) {
        const controller = mc.number;
        const of = `for controller ${controller}`;
        out.add(EDAC_CORRECTABLE_ERRORS_TOTAL, count(`${mc.dir}/ce_count`, `ce_count ${of}`), { controller });
        out.add(EDAC_CSROW_CORRECTABLE_ERRORS_TOTAL, count(`${mc.dir}/ce_noinfo_count`, `ce_noinfo_count ${of}`), {
          controller,
          csrow: "unknown",
        });
        out.add(EDAC_UNCORRECTABLE_ERRORS_TOTAL, count(`${mc.dir}/ue_count`, `ue_count ${of}`), { controller });
        out.add(EDAC_CSROW_UNCORRECTABLE_ERRORS_TOTAL, count(`${mc.dir}/ue_noinfo_count`, `ue_noinfo_count ${of}`), {
          controller,
          csrow: "unknown",
        });
        for (const row of mc.csrows()) {
          const csrow = row.number;
          const rof = `for controller/csrow ${controller}/${csrow}`;
          out.add(EDAC_CSROW_CORRECTABLE_ERRORS_TOTAL, count(`${row.dir}/ce_count`, `ce_count ${rof}`), { controller, csrow });
          out.add(EDAC_CSROW_UNCORRECTABLE_ERRORS_TOTAL, count(`${row.dir}/ue_count`, `ue_count ${rof}`), { controller, csrow });
          for (const ch of listEdacChannels(row.dir)) {
            const labels = { controller, csrow, channel: ch.number, dimm_label: ch.dimmLabel };
            const chof = `for controller/csrow/channel ${controller}/${csrow}/${ch.number}`;
            out.add(EDAC_CHANNEL_CORRECTABLE_ERRORS_TOTAL, count(`${row.dir}/ch${ch.number}_ce_count`, `ce_count ${chof}`), labels);
            // Some drivers count only correctable errors per channel (#3734).
            try {
              out.add(EDAC_CHANNEL_UNCORRECTABLE_ERRORS_TOTAL, readEdacCount(`${row.dir}/ch${ch.number}_ue_count`), labels);
            } catch (err) {
              logger.debug(`couldn't get ue_count ${chof}`, { err });
            }
          }
        }
      }
    },
  }),
};
