// EDAC memory error counters from /sys/devices/system/edac/mc.

import type { CollectorDefinition } from "../collector.ts";
import { listEdacControllers, readEdacCount } from "../host/sysfs/edac.ts";

const CE = "Total correctable memory errors.";
const UE = "Total uncorrectable memory errors.";
const CSROW_CE = "Total correctable memory errors for this csrow.";
const CSROW_UE = "Total uncorrectable memory errors for this csrow.";

function count(file: string, what: string): number {
  try {
    return readEdacCount(file);
  } catch (err) {
    throw new Error(`couldn't get ${what}: ${(err as Error).message}`, { cause: err });
  }
}

export const edacCollector: CollectorDefinition = {
  name: "edac",
  create: ({ paths }) => ({
    update(out) {
      for (const mc of listEdacControllers(paths)) {
        const controller = mc.number;
        const of = `for controller ${controller}`;
        out.counter("node_edac_correctable_errors_total", CE, count(`${mc.dir}/ce_count`, `ce_count ${of}`), { controller });
        out.counter("node_edac_csrow_correctable_errors_total", CSROW_CE, count(`${mc.dir}/ce_noinfo_count`, `ce_noinfo_count ${of}`), {
          controller,
          csrow: "unknown",
        });
        out.counter("node_edac_uncorrectable_errors_total", UE, count(`${mc.dir}/ue_count`, `ue_count ${of}`), { controller });
        out.counter("node_edac_csrow_uncorrectable_errors_total", CSROW_UE, count(`${mc.dir}/ue_noinfo_count`, `ue_noinfo_count ${of}`), {
          controller,
          csrow: "unknown",
        });
        for (const row of mc.csrows()) {
          const csrow = row.number;
          const rof = `for controller/csrow ${controller}/${csrow}`;
          out.counter("node_edac_csrow_correctable_errors_total", CSROW_CE, count(`${row.dir}/ce_count`, `ce_count ${rof}`), { controller, csrow });
          out.counter("node_edac_csrow_uncorrectable_errors_total", CSROW_UE, count(`${row.dir}/ue_count`, `ue_count ${rof}`), { controller, csrow });
        }
      }
    },
  }),
};
