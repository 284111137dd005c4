// node_exporter's dmi collector: one info metric labelled with the firmware's
// DMI strings. They cannot change before a reboot, so they are read once, at
// start-up, where a read error stops the exporter as upstream does.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { readDmi } from "../host/sysfs/dmi.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const HELP =
  "A metric with a constant '1' value labeled by bios_date, bios_release, bios_vendor, bios_version, " +
  "board_asset_tag, board_name, board_serial, board_vendor, board_version, chassis_asset_tag, " +
  "chassis_serial, chassis_vendor, chassis_version, product_family, product_name, product_serial, " +
  "product_sku, product_uuid, product_version, system_vendor if provided by DMI.";

export const dmiCollector: CollectorDefinition = {
  name: "dmi",
  create({ paths, logger }) {
    let labels: Record<string, string>;
    try {
      labels = readDmi(paths);
    } catch (err) {
      throw new Error(`failed to read Desktop Management Interface (DMI) information: ${(err as Error).message}`, { cause: err });
    }
    const empty = Object.keys(labels).length === 0;
    if (empty) logger.debug("Platform does not support Desktop Management Interface (DMI) information");
    // The labels are the DMI fields this machine provides, as upstream declares them at start.
    const info = metricDesc("node_dmi_info", "gauge", HELP, Object.keys(labels));
    return {
      update(out) {
        if (empty) throw new NoDataError();
        out.add(info, 1, labels);
      },
    };
  },
};
