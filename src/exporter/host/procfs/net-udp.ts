// /proc/net/udp and udp6: one socket a line after the header; node_exporter
// sums the tx and rx queue columns ("00000000:00000000", hex).

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface SocketQueueSummary {
  txQueue: number;
  rxQueue: number;
  sockets: number;
}

const HEX = /^[0-9a-fA-F]+$/;

/** Checks the columns procfs checks (sl, addresses, state, queues, uid, inode, drops) and sums the queues. */
export function parseUdpSummary(text: string): SocketQueueSummary {
  const sum: SocketQueueSummary = { txQueue: 0, rxQueue: 0, sockets: 0 };
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i].trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === "") continue;
    const where = `line ${i + 1}`;
    if (fields.length < 13) throw new Error(`${where}: want at least 13 columns, got ${fields.length}`);
    const sl = fields[0].split(":");
    if (sl.length !== 2 || !/^\d+$/.test(sl[0])) throw new Error(`${where}: unable to parse sl field "${fields[0]}"`);
    for (const [col, name] of [[1, "local_address"], [2, "rem_address"]] as const) {
      const parts = fields[col].split(":");
      if (parts.length !== 2 || !HEX.test(parts[0]) || (parts[0].length !== 8 && parts[0].length !== 32) || !HEX.test(parts[1])) {
        throw new Error(`${where}: unable to parse ${name} field "${fields[col]}"`);
      }
    }
    if (!HEX.test(fields[3])) throw new Error(`${where}: cannot parse st value "${fields[3]}"`);
    const q = fields[4].split(":");
    if (q.length !== 2 || !HEX.test(q[0]) || !HEX.test(q[1])) throw new Error(`${where}: cannot parse tx/rx queues "${fields[4]}"`);
    for (const [col, name] of [[7, "uid"], [9, "inode"], [12, "drops"]] as const) {
      if (!/^\d+$/.test(fields[col])) throw new Error(`${where}: cannot parse ${name} value "${fields[col]}"`);
    }
    sum.txQueue += Number.parseInt(q[0], 16);
    sum.rxQueue += Number.parseInt(q[1], 16);
    sum.sockets++;
  }
  return sum;
}

/** Throws the read error untouched, so callers can tell ENOENT (IP version disabled). */
export function readUdpSummary(paths: Paths, file: "udp" | "udp6"): SocketQueueSummary {
  return readParsed(paths.proc("net", file), parseUdpSummary);
}
