// /proc/net/dev: two header lines, then "  name: rx(8 fields) tx(8 fields)".

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export const NET_DEV_FIELDS = [
  "rxBytes", "rxPackets", "rxErrors", "rxDropped", "rxFifo", "rxFrame", "rxCompressed", "rxMulticast",
  "txBytes", "txPackets", "txErrors", "txDropped", "txFifo", "txCollisions", "txCarrier", "txCompressed",
] as const;

export type NetDevLine = { name: string } & Record<(typeof NET_DEV_FIELDS)[number], number>;

export function parseNetDev(text: string): NetDevLine[] {
  const byName = new Map<string, NetDevLine>();
  const lines = text.split("\n");
  for (let i = 2; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    const colon = raw.lastIndexOf(":");
    if (colon === -1) throw new Error(`line ${i + 1}: missing colon: "${raw}"`);
    const name = raw.slice(0, colon).trim();
    if (name === "") throw new Error(`line ${i + 1}: empty interface name`);
    const fields = raw.slice(colon + 1).trim().split(/\s+/);
    if (fields.length < NET_DEV_FIELDS.length) {
      throw new Error(`line ${i + 1}: want ${NET_DEV_FIELDS.length} counters, got ${fields.length}`);
    }
    const line = { name } as NetDevLine;
    NET_DEV_FIELDS.forEach((f, j) => {
      if (!/^\d+$/.test(fields[j])) throw new Error(`line ${i + 1}: ${f} is not a number: "${fields[j]}"`);
      line[f] = Number(fields[j]);
    });
    byName.set(name, line);
  }
  return [...byName.values()];
}

export function readNetDev(paths: Paths): NetDevLine[] {
  return readParsed(paths.proc("net", "dev"), parseNetDev);
}
