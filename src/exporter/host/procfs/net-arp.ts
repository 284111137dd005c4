// /proc/net/arp: a 9-column header, then "IP HW-type Flags HW-address Mask Device".

import { readParsed } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

export interface ArpEntry {
  ip: string;
  hwAddress: string;
  device: string;
  flags: number;
}

// Go's net.ParseMAC: 6, 8 or 20 octets, ':' or '-' separated, or dotted groups of four.
const MAC_SEPARATED = /^[0-9a-fA-F]{2}(?:([:-])[0-9a-fA-F]{2})*$/;
const MAC_DOTTED = /^[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4})*$/;

export function isValidMac(s: string): boolean {
  let octets = 0;
  if (MAC_SEPARATED.test(s)) {
    const sep = s[2];
    if (s.length > 2 && s.split(sep).length !== (s.length + 1) / 3) return false;
    octets = (s.length + 1) / 3;
  } else if (MAC_DOTTED.test(s)) {
    octets = ((s.length + 1) / 5) * 2;
  } else {
    return false;
  }
  return octets === 6 || octets === 8 || octets === 20;
}

export function parseArp(text: string): ArpEntry[] {
  const entries: ArpEntry[] = [];
  text.split("\n").forEach((line, i) => {
    const cols = line.trim().split(/\s+/).filter((c) => c !== "");
    if (cols.length === 0 || cols.length === 9) return;
    if (cols.length !== 6) throw new Error(`line ${i + 1}: ${cols.length} columns found, but expected 6`);
    if (!isValidMac(cols[3])) throw new Error(`line ${i + 1}: invalid MAC address "${cols[3]}"`);
    const flags = /^0[xX][0-9a-fA-F]+$/.test(cols[2]) ? Number.parseInt(cols[2].slice(2), 16) : /^\d+$/.test(cols[2]) ? Number(cols[2]) : NaN;
    if (!(flags >= 0 && flags <= 255)) throw new Error(`line ${i + 1}: invalid flags "${cols[2]}"`);
    entries.push({ ip: cols[0], hwAddress: cols[3], device: cols[5], flags });
  });
  return entries;
}

export function readArp(paths: Paths): ArpEntry[] {
  return readParsed(paths.proc("net", "arp"), parseArp);
}
