// node_exporter's nvmesubsystem collector (1.12, default off, #3579): NVMe
// subsystems with their namespaces and the state of each controller path.

import { metricDesc } from "../../metrics/metric-desc.ts";
import type { CollectorDefinition } from "../collector.ts";
import { NoDataError } from "../collector.ts";
import { errnoCode } from "../host/host-fs.ts";
import { type NvmeSubsystem, readNvmeSubsystems } from "../host/sysfs/nvme-subsystem.ts";

/** The kernel's controller states, as reported ("deleting (no IO)" counts as deleting). */
const STATE_OF: Record<string, string> = {
  live: "live",
  connecting: "connecting",
  resetting: "resetting",
  dead: "dead",
  deleting: "deleting",
  "deleting (no IO)": "deleting",
  new: "new",
};
/** Every reported state, sorted, "unknown" included: one series each per path. */
export const NVME_PATH_STATES = [...new Set([...Object.values(STATE_OF), "unknown"])].sort();

export function normalizeControllerState(raw: string): string {
  return STATE_OF[raw] ?? "unknown";
}

const INFO = metricDesc("node_nvmesubsystem_info", "gauge", "Non-numeric information about an NVMe subsystem.", [
  "subsystem",
  "nqn",
  "model",
  "serial",
  "iopolicy",
]);
const NAMESPACE_INFO = metricDesc("node_nvmesubsystem_namespace_info", "gauge", "Maps an NVMe namespace block device to its subsystem.", [
  "subsystem",
  "device",
]);
const PATHS = metricDesc("node_nvmesubsystem_paths", "gauge", "Number of controller paths for an NVMe subsystem.", ["subsystem"]);
const PATHS_LIVE = metricDesc("node_nvmesubsystem_paths_live", "gauge", "Number of controller paths in live state for an NVMe subsystem.", [
  "subsystem",
]);
const PATH_STATE = metricDesc(
  "node_nvmesubsystem_path_state",
  "gauge",
  "Current NVMe controller path state (1 for the current state, 0 for all others).",
  ["subsystem", "controller", "transport", "state"],
);

export const nvmesubsystemCollector: CollectorDefinition = {
  name: "nvmesubsystem",
  create: ({ paths, logger }) => ({
    update(out) {
      let subsystems: NvmeSubsystem[];
      try {
        subsystems = readNvmeSubsystems(paths);
      } catch (err) {
        const code = errnoCode(err) ?? errnoCode((err as Error).cause);
        if (code === "ENOENT" || code === "EACCES" || code === "EPERM") {
          logger.debug("Could not read NVMe subsystem info", { err });
          throw new NoDataError();
        }
        throw new Error(`failed to scan NVMe subsystems: ${(err as Error).message}`, { cause: err });
      }
      for (const s of subsystems) {
        const subsystem = s.name;
        out.add(INFO, 1, { subsystem, nqn: s.nqn, model: s.model, serial: s.serial, iopolicy: s.ioPolicy });
        for (const device of s.namespaces) out.add(NAMESPACE_INFO, 1, { subsystem, device });
        let live = 0;
        for (const c of s.controllers) {
          const state = normalizeControllerState(c.state);
          if (state === "live") live++;
          for (const st of NVME_PATH_STATES) {
            out.add(PATH_STATE, st === state ? 1 : 0, { subsystem, controller: c.name, transport: c.transport, state: st });
          }
        }
        out.add(PATHS, s.controllers.length, { subsystem });
        out.add(PATHS_LIVE, live, { subsystem });
      }
    },
  }),
};
