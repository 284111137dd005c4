// node_exporter's bonding collector: configured and active slaves per bond.

import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { type BondStatus, readBondingStats } from "../host/sysfs/bonding.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const BONDING_SLAVES = metricDesc(
  "node_bonding_slaves",
  "gauge",
  "Number of configured slaves per bonding interface.",
  ["master"],
);
const BONDING_ACTIVE = metricDesc(
  "node_bonding_active",
  "gauge",
  "Number of active slaves per bonding interface.",
  ["master"],
);

export const bondingCollector: CollectorDefinition = {
  name: "bonding",
  create({ paths, logger }) {
    return {
      update(out) {
        let stats: BondStatus[];
        try {
          stats = readBondingStats(paths);
        } catch (err) {
          if (isNotFound(err)) {
            logger.debug("Not collecting bonding, file does not exist", { file: paths.sys("class", "net") });
            throw new NoDataError();
          }
          throw new Error(`bonding: ${(err as Error).message}`, { cause: err });
        }
        for (const s of stats) {
          out.add(BONDING_SLAVES, s.slaves, { master: s.master });
          out.add(BONDING_ACTIVE, s.active, { master: s.master });
        }
      },
    };
  },
};
