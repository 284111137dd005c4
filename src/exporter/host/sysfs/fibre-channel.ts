// /sys/class/fc_host/<host>/: attributes and statistics/* counters of each
// Fibre Channel host port, read as procfs v0.14 does.

import { type Dirent, listDirEntries, sysReadFile } from "../host-fs.ts";
import { join } from "node:path";
import { parseGoUint64Big } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";
import { SysfsReadError, errnoOf } from "./sysfs-read-error.ts";

const ATTRIBUTES = [
  "speed", "port_state", "port_type", "node_name", "port_id", "port_name", "fabric_name", "dev_loss_tmo",
  "symbolic_name", "supported_classes", "supported_speeds",
] as const;

/** Attributes printed as "0x..." whose prefix procfs drops. */
const HEX_PREFIXED = new Set(["node_name", "port_id", "port_name", "fabric_name"]);

export const FC_COUNTERS = [
  "dumped_frames", "error_frames", "fcp_packet_aborts", "invalid_tx_word_count", "invalid_crc_count",
  "link_failure_count", "loss_of_signal_count", "loss_of_sync_count", "nos_count", "rx_frames", "rx_words",
  "seconds_since_last_reset", "tx_frames", "tx_words",
] as const;

export type FcCounter = (typeof FC_COUNTERS)[number];

export interface FibreChannelHost {
  name: string;
  /** Attribute name to value; "" when the attribute is absent. */
  attributes: Record<(typeof ATTRIBUTES)[number], string>;
  /** Counter values as read; 2^64-1 is the driver's "not available". */
  counters: Record<FcCounter, bigint>;
}

function listEntries(dir: string): Dirent[] {
  try {
    return listDirEntries(dir);
  } catch (err) {
    throw new SysfsReadError(`${dir}: ${(err as Error).message}`, errnoOf(err), err);
  }
}

function readHost(classDir: string, name: string): FibreChannelHost {
  const dir = join(classDir, name);
  const attributes = Object.fromEntries(ATTRIBUTES.map((a) => [a, ""])) as FibreChannelHost["attributes"];
  for (const a of ATTRIBUTES) {
    const file = join(dir, a);
    let value: string;
    try {
      value = sysReadFile(file);
    } catch (err) {
      if (errnoOf(err) === "ENOENT") continue;
      throw new SysfsReadError(`failed to read file "${file}": ${(err as Error).message}`, undefined, err);
    }
    attributes[a] = HEX_PREFIXED.has(a) && value.length > 2 ? value.slice(2) : value;
  }
  const counters = Object.fromEntries(FC_COUNTERS.map((c) => [c, 0n])) as FibreChannelHost["counters"];
  const statsDir = join(dir, "statistics");
  for (const e of listEntries(statsDir)) {
    if (!e.isFile() || e.name === "reset_statistics") continue;
    const file = join(statsDir, e.name);
    let text: string;
    try {
      text = sysReadFile(file);
    } catch (err) {
      const code = errnoOf(err);
      // Drivers refuse some statistics; upstream skips those.
      if (code === "ENOENT" || code === "EOPNOTSUPP" || code === "ENOTSUP" || code === "EINVAL") continue;
      throw new SysfsReadError(`failed to read file "${file}": ${(err as Error).message}`, undefined, err);
    }
    if (!(FC_COUNTERS as readonly string[]).includes(e.name)) continue;
    const v = parseGoUint64Big(text, 0);
    if (v === undefined) throw new SysfsReadError(`${file}: invalid value "${text}"`, undefined, undefined);
    counters[e.name as FcCounter] = v;
  }
  return { name, attributes, counters };
}

export function readFibreChannelClass(paths: Paths): FibreChannelHost[] {
  const dir = paths.sys("class", "fc_host");
  return listEntries(dir).map((e) => readHost(dir, e.name));
}
