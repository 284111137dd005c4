// Linux bonding state from /sys/class/net: bonding_masters lists the bond
// interfaces, <master>/bonding/slaves their slaves, and each slave's
// lower_<slave>/bonding_slave/mii_status (slave_<slave> on older kernels)
// says whether the link is up.

import { isNotFound, readText } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface BondStatus {
  master: string;
  slaves: number;
  active: number;
}

/** Whitespace-separated names, as Go's strings.Fields splits them. */
export function parseNameList(text: string): string[] {
  return text.split(/[\t\n\v\f\r ]+/).filter((s) => s !== "");
}

export function isMiiUp(status: string): boolean {
  return status.trim() === "up";
}

function read(path: string): string {
  return readText(path);
}

/** Throws ENOENT errors unchanged so that the collector can report no data. */
export function readBondingStats(paths: Paths): BondStatus[] {
  const root = paths.sys("class", "net");
  const result: BondStatus[] = [];
  for (const master of parseNameList(read(`${root}/bonding_masters`))) {
    const status: BondStatus = { master, slaves: 0, active: 0 };
    for (const slave of parseNameList(read(`${root}/${master}/bonding/slaves`))) {
      let state: string;
      try {
        state = read(`${root}/${master}/lower_${slave}/bonding_slave/mii_status`);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        state = read(`${root}/${master}/slave_${slave}/bonding_slave/mii_status`);
      }
      status.slaves++;
      if (isMiiUp(state)) status.active++;
    }
    result.push(status);
  }
  return result;
}
