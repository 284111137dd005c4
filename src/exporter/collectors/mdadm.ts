// Linux software RAID state from /proc/mdstat, and since node_exporter 1.10
// (#3031) the raid disk and degraded counts from /sys/block/md*/md.

import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { readMdstat } from "../host/procfs/mdstat.ts";
import { type Mdraid, readMdraids } from "../host/sysfs/mdraid.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const STATE_HELP = "Indicates the state of md-device.";
const DISKS_HELP = "Number of active/failed/spare disks of device.";

const MD_DISKS_REQUIRED = metricDesc("node_md_disks_required", "gauge", "Total number of disks of device.", ["device"]);
const MD_DISKS = metricDesc("node_md_disks", "gauge", DISKS_HELP, ["device", "state"]);
const MD_STATE = metricDesc("node_md_state", "gauge", STATE_HELP, ["device", "state"]);
const MD_BLOCKS = metricDesc("node_md_blocks", "gauge", "Total number of blocks on device.", ["device"]);
const MD_BLOCKS_SYNCED = metricDesc("node_md_blocks_synced", "gauge", "Number of blocks synced on device.", ["device"]);
const MD_RAID_DISKS = metricDesc("node_md_raid_disks", "gauge", "Number of raid disks on device.", ["device"]);
const MD_DEGRADED = metricDesc("node_md_degraded", "gauge", "Number of degraded disks on device.", ["device"]);

/** The state label and the activity state that sets it to 1. */
const STATES: [label: string, activity: string][] = [
  ["active", "active"],
  ["inactive", "inactive"],
  ["recovering", "recovering"],
  ["resync", "resyncing"],
  ["check", "checking"],
];

export const mdadmCollector: CollectorDefinition = {
  name: "mdadm",
  create: ({ paths, logger }) => ({
    update(out) {
      const stats = readMdstat(paths);
      if (stats === undefined) throw new NoDataError("Not collecting mdstat, file does not exist");
      for (const md of stats) {
        const device = md.name;
        out.add(MD_DISKS_REQUIRED, md.disksTotal, { device });
        out.add(MD_DISKS, md.disksActive, { device, state: "active" });
        out.add(MD_DISKS, md.disksFailed, { device, state: "failed" });
        out.add(MD_DISKS, md.disksSpare, { device, state: "spare" });
        for (const [state, activity] of STATES) {
          out.add(MD_STATE, md.activityState === activity ? 1 : 0, { device, state });
        }
        out.add(MD_BLOCKS, md.blocksTotal, { device });
        out.add(MD_BLOCKS_SYNCED, md.blocksSynced, { device });
      }
      let raids: Mdraid[];
      try {
        raids = readMdraids(paths);
      } catch (err) {
        if (isNotFound(err)) {
          logger.debug("Not collecting mdraids, file does not exist", { err });
          throw new NoDataError("Not collecting mdraids, file does not exist");
        }
        throw new Error(`error parsing mdraids: ${(err as Error).message}`, { cause: err });
      }
      for (const r of raids) {
        const device = r.device;
        if (r.disks !== undefined) out.add(MD_RAID_DISKS, r.disks, { device });
        out.add(MD_DEGRADED, r.degradedDisks, { device });
      }
    },
  }),
};
