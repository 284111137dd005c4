// /proc/net/netstat and /proc/net/snmp: pairs of lines, "Proto: Name1 Name2"
// then "Proto: 1 2"; /proc/net/snmp6: one "Ip6InReceives  12" per line.
// Values stay text: node_exporter parses them only when it emits them.

import { parseGoFloat } from "../../../go/format-float.ts";
import { parseFileText, readParsed, readTextIfExists } from "../host-fs.ts";
import type { Paths } from "../../paths.ts";

/** Protocol to field name to value text. */
export type NetStats = Map<string, Map<string, string>>;

// Both parsers walk the text with indexOf instead of splitting it into line
// and field arrays: they make only the strings they keep (one per name and
// value). The netstat collector allocated 124 KB per scrape with the splits,
// 61-81 KB with these over three runs (reading the three files is about
// 16 KB of it).

export function parseNetStats(text: string): NetStats {
  const out: NetStats = new Map();
  const found: NetStatsRow[] = [];
  scanNetStats(text, [], found);
  for (const row of found) {
    const fields = new Map<string, string>();
    for (let i = 0; i < row.names.length; i++) fields.set(row.names[i], row.valueText(i));
    out.set(row.protocol, fields);
  }
  return out;
}

/**
 * One "Proto: Name1 Name2" line of a netstat-format file, and where the
 * values of its partner line were in the text last scanned. The names line
 * is the same on every scrape, so netstat's collector keeps these rows
 * between scrapes (scanNetStats' `known`): a scrape then makes no name
 * strings, and no value strings when the values are plain integers.
 */
export class NetStatsRow {
  readonly protocol: string;
  /** The field names, in line order (a name may repeat). */
  readonly names: string[];
  /** The text of the last scan that found this row, and its values' [start, end) there, by field. */
  text = "";
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  /** The index of each name's last field, in the order the names first appear (a Map by name keeps these). */
  readonly unique: number[];

  constructor(readonly line: string) {
    const names = line.split(" ");
    this.protocol = names[0].slice(0, -1);
    this.names = names.slice(1);
    const last = new Map<string, number>();
    this.names.forEach((name, i) => last.set(name, i));
    this.unique = [...last.values()];
  }

  valueText(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  /**
   * Field i's value as parseGoFloat reads its text; undefined when it is not
   * a number. An integer of up to 15 digits (exact in a double), optionally
   * negative, is read in place, without its string: nearly every value is.
   */
  value(i: number): number | undefined {
    const text = this.text;
    let pos = this.starts[i];
    const end = this.ends[i];
    const negative = pos < end && text.charCodeAt(pos) === 45;
    if (negative) pos++;
    if (pos < end && end - pos <= 15) {
      let v = 0;
      for (; pos < end; pos++) {
        const d = text.charCodeAt(pos) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (pos === end) return negative ? -v : v;
    }
    return parseGoFloat(this.valueText(i));
  }
}

/**
 * The line pairs of a netstat-format text, in order, into `found` (emptied
 * first): each a row of `known` whose line matches the names line in place,
 * else a new row, added to `known`. Throws on a field count mismatch, as
 * parseNetStats (built on it) does.
 */
export function scanNetStats(text: string, known: NetStatsRow[], found: NetStatsRow[]): void {
  found.length = 0;
  if (text.length === 0) return;
  // The lines are those of the text less one final "\n", paired up; a last
  // line without a partner pairs with an empty one.
  const end = text.charCodeAt(text.length - 1) === 10 ? text.length - 1 : text.length;
  for (let pos = 0, line = 1; pos <= end; line += 2) {
    const namesEnd = lineEnd(text, pos, end);
    const valuesStart = namesEnd < end ? namesEnd + 1 : end;
    const valuesEnd = namesEnd < end ? lineEnd(text, valuesStart, end) : end;
    let row: NetStatsRow | undefined;
    for (const r of known) {
      if (r.line.length === namesEnd - pos && text.startsWith(r.line, pos)) {
        row = r;
        break;
      }
    }
    if (row === undefined) {
      row = new NetStatsRow(text.slice(pos, namesEnd));
      known.push(row);
    }
    // Fields are separated by exactly one space, as split(" ") took them;
    // the values line's first field repeats the protocol.
    let v = fieldEnd(text, valuesStart, valuesEnd);
    let values = 1;
    const n = row.names.length;
    for (; v < valuesEnd; values++) {
      const valueEnd = fieldEnd(text, v + 1, valuesEnd);
      if (values <= n) {
        row.starts[values - 1] = v + 1;
        row.ends[values - 1] = valueEnd;
      }
      v = valueEnd;
    }
    if (values !== n + 1) {
      throw new Error(`line ${line + 1}: field count mismatch for ${row.protocol}: ${n} names, ${values - 1} values`);
    }
    row.text = text;
    found.push(row);
    pos = valuesEnd + 1;
  }
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
  for (let pos = 0; pos < text.length; ) {
    let lineStop = text.indexOf("\n", pos);
    if (lineStop === -1) lineStop = text.length;
    // The first two white-space separated fields of the line, as trim().split(/\s+/).
    const keyStart = skipSpace(text, pos, lineStop);
    const keyEnd = skipField(text, keyStart, lineStop);
    const valueStart = skipSpace(text, keyEnd, lineStop);
    const valueEnd = skipField(text, valueStart, lineStop);
    pos = lineStop + 1;
    if (valueStart === valueEnd) continue;
    const six = text.indexOf("6", keyStart);
    if (six === -1 || six >= keyEnd) continue;
    // Lines come grouped by protocol: compare in place before making its string.
    if (fields === undefined || six + 1 - keyStart !== protocol.length || !text.startsWith(protocol, keyStart)) {
      protocol = text.slice(keyStart, six + 1);
      fields = out.get(protocol);
      if (!fields) out.set(protocol, (fields = new Map()));
    }
    fields.set(text.slice(six + 1, keyEnd), text.slice(valueStart, valueEnd));
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function skipSpace(text: string, pos: number, end: number): number {
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

function skipField(text: string, pos: number, end: number): number {
  while (pos < end && !isSpace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** scanNetStats of /proc/net/netstat. */
export function scanNetStatFile(paths: Paths, known: NetStatsRow[], found: NetStatsRow[]): void {
  readParsed(paths.proc("net", "netstat"), (text) => scanNetStats(text, known, found));
}

/** scanNetStats of /proc/net/snmp. */
export function scanSnmpFile(paths: Paths, known: NetStatsRow[], found: NetStatsRow[]): void {
  readParsed(paths.proc("net", "snmp"), (text) => scanNetStats(text, known, found));
}

/** Undefined when IPv6 is disabled and the file is absent. */
export function readSnmp6(paths: Paths): NetStats | undefined {
  const file = paths.proc("net", "snmp6");
  const text = readTextIfExists(file);
  return text === undefined ? undefined : parseFileText(file, text, parseSnmp6);
}
