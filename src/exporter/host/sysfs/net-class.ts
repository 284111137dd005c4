// /sys/class/net/<iface>/*: one attribute per file. Numeric attributes parse
// like procfs's ValueParser.PInt64 (Go base-0 integers); a value that does
// not parse becomes 0 there, not absent, and so it does here.

import { SysfsDirectory, isIgnorableSysfsError, listDirEntries } from "../host-fs.ts";
import { join } from "node:path";
import { parseGoInt64 } from "../../../go/strconv.ts";
import type { Paths } from "../../paths.ts";

export interface NetClassIface {
  name: string;
  addrAssignType?: number;
  addrLen?: number;
  address: string;
  broadcast: string;
  carrier?: number;
  carrierChanges?: number;
  carrierUpCount?: number;
  carrierDownCount?: number;
  devId?: number;
  dormant?: number;
  duplex: string;
  flags?: number;
  ifAlias: string;
  ifIndex?: number;
  ifLink?: number;
  linkMode?: number;
  mtu?: number;
  nameAssignType?: number;
  netDevGroup?: number;
  operState: string;
  physPortId: string;
  physPortName: string;
  physSwitchId: string;
  speed?: number;
  txQueueLen?: number;
  type?: number;
}

type NumericField = {
  [K in keyof NetClassIface]-?: NetClassIface[K] extends number | undefined ? (undefined extends NetClassIface[K] ? K : never) : never;
}[keyof NetClassIface];
type StringField = "address" | "broadcast" | "duplex" | "ifAlias" | "operState" | "physPortId" | "physPortName" | "physSwitchId";

const NUMERIC_ATTRS: Record<string, NumericField> = {
  addr_assign_type: "addrAssignType",
  addr_len: "addrLen",
  carrier: "carrier",
  carrier_changes: "carrierChanges",
  carrier_up_count: "carrierUpCount",
  carrier_down_count: "carrierDownCount",
  dev_id: "devId",
  dormant: "dormant",
  flags: "flags",
  ifindex: "ifIndex",
  iflink: "ifLink",
  link_mode: "linkMode",
  mtu: "mtu",
  name_assign_type: "nameAssignType",
  netdev_group: "netDevGroup",
  speed: "speed",
  tx_queue_len: "txQueueLen",
  type: "type",
};

const STRING_ATTRS: Record<string, StringField> = {
  address: "address",
  broadcast: "broadcast",
  duplex: "duplex",
  ifalias: "ifAlias",
  operstate: "operState",
  phys_port_id: "physPortId",
  phys_port_name: "physPortName",
  phys_switch_id: "physSwitchId",
};

export function isNetClassAttribute(file: string): boolean {
  return file in NUMERIC_ATTRS || file in STRING_ATTRS;
}

function emptyIface(name: string): NetClassIface {
  return {
    name,
    address: "",
    broadcast: "",
    duplex: "",
    ifAlias: "",
    operState: "",
    physPortId: "",
    physPortName: "",
    physSwitchId: "",
  };
}

/** Builds an interface from its attribute values (file name to trimmed content). */
export function parseNetClassAttributes(name: string, attributes: ReadonlyMap<string, string>): NetClassIface {
  const iface = emptyIface(name);
  for (const [file, value] of attributes) {
    const numeric = NUMERIC_ATTRS[file];
    if (numeric !== undefined) {
      iface[numeric] = parseGoInt64(value, 0) ?? 0;
      continue;
    }
    const str = STRING_ATTRS[file];
    if (str !== undefined) iface[str] = value;
  }
  return iface;
}

/** Entries of /sys/class/net that are not regular files (bonding_masters is one). */
export function readNetClassDevices(paths: Paths): string[] {
  return listDirEntries(paths.sys("class", "net"))
    .filter((d) => !d.isFile())
    .map((d) => d.name)
    .sort();
}

/** Reads the attributes of one interface; unreadable attributes are left out as procfs does. */
export function readNetClassIface(paths: Paths, name: string): NetClassIface {
  const dir = paths.sys("class", "net", name);
  const attributes = new Map<string, string>();
  const entries = listDirEntries(dir);
  // ~20 attributes per interface: read relative to the directory (see SysfsDirectory).
  const sysfsDir = new SysfsDirectory(dir);
  try {
    for (const entry of entries) {
      if (!entry.isFile() || !isNetClassAttribute(entry.name)) continue;
      try {
        attributes.set(entry.name, sysfsDir.readFile(entry.name));
      } catch (err) {
        if (isIgnorableSysfsError(err)) continue;
        throw new Error(`failed to read file "${join(dir, entry.name)}": ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    sysfsDir.close();
  }
  return parseNetClassAttributes(name, attributes);
}
