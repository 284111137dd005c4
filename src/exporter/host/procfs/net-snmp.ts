// /proc/net/netstat and /proc/net/snmp: pairs of lines, "Proto: Name1 Name2"
// then "Proto: 1 2"; /proc/net/snmp6: one "Ip6InReceives  12" per line.
// Values stay text: node_exporter parses them only when it emits them.

import { parseFileText, readParsed, readTextIfExists } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";
import { eachLineFirstTwoFields } from "./space-separated-fields.ts";

/** Protocol to field name to value text. */
export type NetStats = Map<string, Map<string, string>>;

// Both parsers walk the text with indexOf instead of splitting it into line
// and field arrays: they make only the strings they keep (one per name and
// value). The netstat collector allocated 124 KB per scrape with the splits,
// 61-81 KB with these over three runs (reading the three files is about
// 16 KB of it).

export function parseNetStats(text: string): NetStats {
  const out: NetStats = new Map();
  if (text.length === 0) return out;
  // The lines are those of the text less one final "\n", paired up; a last
  // line without a partner pairs with an empty one.
  const end = text.charCodeAt(text.length - 1) === 10 ? text.length - 1 : text.length;
  for (let pos = 0, line = 1; pos <= end; line += 2) {
    const namesEnd = lineEnd(text, pos, end);
    const valuesStart = namesEnd < end ? namesEnd + 1 : end;
    const valuesEnd = namesEnd < end ? lineEnd(text, valuesStart, end) : end;
    let n = fieldEnd(text, pos, namesEnd);
    let v = fieldEnd(text, valuesStart, valuesEnd);
    const protocol = n > pos ? text.slice(pos, n - 1) : "";
    const fields = new Map<string, string>();
    let names = 1;
    let values = 1;
    // Fields are separated by exactly one space, as split(" ") took them;
    // the values line's first field repeats the protocol.
    while (n < namesEnd && v < valuesEnd) {
      const nameEnd = fieldEnd(text, n + 1, namesEnd);
      const valueEnd = fieldEnd(text, v + 1, valuesEnd);
      fields.set(text.slice(n + 1, nameEnd), text.slice(v + 1, valueEnd));
      names++;
      values++;
      n = nameEnd;
      v = valueEnd;
    }
    if (n < namesEnd || v < valuesEnd) {
      for (; n < namesEnd; n = fieldEnd(text, n + 1, namesEnd)) names++;
      for (; v < valuesEnd; v = fieldEnd(text, v + 1, valuesEnd)) values++;
      throw new Error(`line ${line + 1}: field count mismatch for ${protocol}: ${names - 1} names, ${values - 1} values`);
    }
    out.set(protocol, fields);
    pos = valuesEnd + 1;
  }
  return out;
}

/** The index of the next "\n" from pos, or end. */
function lineEnd(text: string, pos: number, end: number): number {
  const i = text.indexOf("\n", pos);
  return i === -1 || i > end ? end : i;
}

/** The index of the next " " from pos before end, or end. */
function fieldEnd(text: string, pos: number, end: number): number {
  const i = text.indexOf(" ", pos);
  return i === -1 || i > end ? end : i;
}

/** Splits "Icmp6InMsgs" at the first "6": protocol "Icmp6", field "InMsgs"; lines without a 6 are skipped. */
export function parseSnmp6(text: string): NetStats {
  const out: NetStats = new Map();
  let protocol = "";
  let fields: Map<string, string> | undefined;
  eachLineFirstTwoFields(text, ({ keyStart, keyEnd, valueStart, valueEnd }) => {
    if (valueStart === valueEnd) return;
    const six = text.indexOf("6", keyStart);
    if (six === -1 || six >= keyEnd) return;
    // Lines come grouped by protocol: compare in place before making its string.
    if (fields === undefined || six + 1 - keyStart !== protocol.length || !text.startsWith(protocol, keyStart)) {
      protocol = text.slice(keyStart, six + 1);
      fields = out.get(protocol);
      if (!fields) out.set(protocol, (fields = new Map()));
    }
    fields.set(text.slice(six + 1, keyEnd), text.slice(valueStart, valueEnd));
  });
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
