// /proc/net/netstat and /proc/net/snmp: pairs of lines, "Proto: Name1 Name2"
// then "Proto: 1 2"; /proc/net/snmp6: one "Ip6InReceives  12" per line.
// Values stay text: node_exporter parses them only when it emits them.

import { parseFileText, readParsed, readTextIfExists } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

/** Protocol to field name to value text. */
export type NetStats = Map<string, Map<string, string>>;

export function parseNetStats(text: string): NetStats {
  const out: NetStats = new Map();
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i += 2) {
    const names = lines[i].split(" ");
    const values = (lines[i + 1] ?? "").split(" ");
    const protocol = names[0].slice(0, -1);
    if (names.length !== values.length) {
      throw new Error(`line ${i + 2}: field count mismatch for ${protocol}: ${names.length - 1} names, ${values.length - 1} values`);
    }
    const fields = new Map<string, string>();
    for (let j = 1; j < names.length; j++) fields.set(names[j], values[j]);
    out.set(protocol, fields);
  }
  return out;
}

/** Splits "Icmp6InMsgs" at the first "6": protocol "Icmp6", field "InMsgs"; lines without a 6 are skipped. */
export function parseSnmp6(text: string): NetStats {
  const out: NetStats = new Map();
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 2) continue;
    const six = f[0].indexOf("6");
    if (six === -1) continue;
    const protocol = f[0].slice(0, six + 1);
    let fields = out.get(protocol);
    if (!fields) out.set(protocol, (fields = new Map()));
    fields.set(f[0].slice(six + 1), f[1]);
  }
  return out;
}

export function readNetStat(paths: Paths): NetStats {
  return readParsed(paths.proc("net", "netstat"), parseNetStats);
}

export function readSnmp(paths: Paths): NetStats {
  return readParsed(paths.proc("net", "snmp"), parseNetStats);
}

/** Undefined when IPv6 is disabled and the file is absent. */
export function readSnmp6(paths: Paths): NetStats | undefined {
  const file = paths.proc("net", "snmp6");
  const text = readTextIfExists(file);
  return text === undefined ? undefined : parseFileText(file, text, parseSnmp6);
}
