// Linux software RAID state from /proc/mdstat, and since node_exporter 1.10
// (#3031) the raid disk and degraded counts from /sys/block/md*/md.

import { type CollectorDefinition, NoDataError } from "../collector.ts";
import { isNotFound } from "../host/host-fs.ts";
import { readMdstat } from "../host/procfs/mdstat.ts";
import { type Mdraid, readMdraids } from "../host/sysfs/mdraid.ts";

const STATE_HELP = "Indicates the state of md-device.";

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
        out.gauge("node_md_disks_required", "Total number of disks of device.", md.disksTotal, { device });
        const disksHelp = "Number of active/failed/spare disks of device.";
        out.gauge("node_md_disks", disksHelp, md.disksActive, { device, state: "active" });
        out.gauge("node_md_disks", disksHelp, md.disksFailed, { device, state: "failed" });
        out.gauge("node_md_disks", disksHelp, md.disksSpare, { device, state: "spare" });
        for (const [state, activity] of STATES) {
          out.gauge("node_md_state", STATE_HELP, md.activityState === activity ? 1 : 0, { device, state });
        }
        out.gauge("node_md_blocks", "Total number of blocks on device.", md.blocksTotal, { device });
        out.gauge("node_md_blocks_synced", "Number of blocks synced on device.", md.blocksSynced, { device });
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
        if (r.disks !== undefined) out.gauge("node_md_raid_disks", "Number of raid disks on device.", r.disks, { device });
        out.gauge("node_md_degraded", "Number of degraded disks on device.", r.degradedDisks, { device });
      }
    },
  }),
};
