// The local time zone's abbreviation and offset, as Go's time.Now().Zone()
// reports them: Go loads the zone from $TZ or /etc/localtime (falling back to
// UTC), and names it with the TZif file's abbreviations ("CET", "CEST"),
// which JavaScript's Intl does not give reliably ("GMT+1").

import { readFileSync } from "node:fs";

export interface LocalZone {
  name: string;
  offsetSeconds: number;
}

const ZONEINFO_DIRS = ["/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo/"];

/** The TZif file Go would load for this TZ value; undefined means UTC. */
export function zoneFileCandidates(tz: string | undefined): string[] {
  if (tz === undefined) return ["/etc/localtime"];
  let name = tz.startsWith(":") ? tz.slice(1) : tz;
  if (name === "" || name === "UTC") return [];
  if (name.startsWith("/")) return [name];
  if (name.includes("..")) return [];
  return ZONEINFO_DIRS.map((d) => d + name);
}

const NAME_RE = /^(<[^>]*>|[A-Za-z]{3,})/;
const OFFSET_RE = /^[+-]?\d{1,3}(:\d{1,2}){0,2}/;

function parseOffset(text: string): number {
  const sign = text.startsWith("-") ? -1 : 1;
  const [h, m = "0", s = "0"] = text.replace(/^[+-]/, "").split(":");
  // POSIX offsets are west of Greenwich; flip to seconds east of UTC.
  return -sign * (Number(h) * 3600 + Number(m) * 60 + Number(s));
}

/**
 * The standard and daylight names and offsets (seconds east of UTC) of a
 * POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3", as found in the footer
 * of a version 2+ TZif file.
 */
export function parsePosixTz(rule: string): { std: string; stdOffset: number; dst?: string; dstOffset?: number } | undefined {
  let rest = rule;
  const stdName = NAME_RE.exec(rest);
  if (!stdName) return undefined;
  rest = rest.slice(stdName[0].length);
  const stdOff = OFFSET_RE.exec(rest);
  if (!stdOff) return undefined;
  rest = rest.slice(stdOff[0].length);
  const unquote = (n: string) => (n.startsWith("<") ? n.slice(1, -1) : n);
  const out: { std: string; stdOffset: number; dst?: string; dstOffset?: number } = {
    std: unquote(stdName[0]),
    stdOffset: parseOffset(stdOff[0]),
  };
  const dstName = NAME_RE.exec(rest);
  if (dstName) {
    rest = rest.slice(dstName[0].length);
    const dstOff = OFFSET_RE.exec(rest);
    out.dst = unquote(dstName[0]);
    out.dstOffset = dstOff ? parseOffset(dstOff[0]) : out.stdOffset + 3600;
  }
  return out;
}

/** The footer rule of a TZif v2+ file: the text between the last two newlines. */
export function tzifFooter(data: Buffer): string | undefined {
  if (data.length < 44 || data.toString("latin1", 0, 4) !== "TZif" || data[4] === 0) return undefined;
  if (data[data.length - 1] !== 0x0a) return undefined;
  const start = data.lastIndexOf(0x0a, data.length - 2);
  if (start === -1) return undefined;
  return data.toString("latin1", start + 1, data.length - 1);
}

/**
 * The last transition time of a TZif v2+ file in milliseconds since the
 * epoch (-Infinity when it has none), read from the 64-bit block; undefined
 * when the file is not one. From that instant on the footer rule applies.
 */
export function tzifLastTransitionMs(data: Buffer): number | undefined {
  if (data.length < 44 || data.toString("latin1", 0, 4) !== "TZif" || data[4] === 0) return undefined;
  // The counts of the version 1 block, whose size is skipped to reach the
  // version 2 header: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
  const count = (header: number, i: number) => data.readUInt32BE(header + 20 + 4 * i);
  const v1Size = (h: number) => count(h, 3) * 5 + count(h, 4) * 6 + count(h, 5) + count(h, 2) * 8 + count(h, 1) + count(h, 0);
  const v2 = 44 + v1Size(0);
  if (data.length < v2 + 44 || data.toString("latin1", v2, v2 + 4) !== "TZif") return undefined;
  const transitions = count(v2, 3);
  if (transitions === 0) return Number.NEGATIVE_INFINITY;
  const last = v2 + 44 + (transitions - 1) * 8;
  if (data.length < last + 8) return undefined;
  return Number(data.readBigInt64BE(last)) * 1000;
}

/** Picks the abbreviation for the offset now in force. */
export function zoneName(rule: string | undefined, offsetSeconds: number): string | undefined {
  const tz = rule === undefined ? undefined : parsePosixTz(rule);
  if (!tz) return undefined;
  if (tz.dst !== undefined && offsetSeconds === tz.dstOffset && offsetSeconds !== tz.stdOffset) return tz.dst;
  if (offsetSeconds === tz.stdOffset) return tz.std;
  return undefined;
}

function fallbackName(offsetSeconds: number): string {
  if (offsetSeconds === 0) return "UTC";
  // Go names zones without an abbreviation like "+0530".
  const sign = offsetSeconds < 0 ? "-" : "+";
  const abs = Math.abs(offsetSeconds);
  const hh = String(Math.floor(abs / 3600)).padStart(2, "0");
  const mm = Math.floor((abs % 3600) / 60);
  return `${sign}${hh}${mm === 0 ? "" : String(mm).padStart(2, "0")}`;
}

/**
 * Reads the zone file once; the abbreviation is chosen per call from the
 * offset JavaScript computes for the instant (which follows the same rules).
 */
export function localZoneResolver(env: NodeJS.ProcessEnv = process.env): (now: Date) => LocalZone {
  let rule: string | undefined;
  let lastTransitionMs: number | undefined;
  let utc = false;
  const candidates = zoneFileCandidates(env.TZ);
  if (candidates.length === 0) utc = true;
  for (const file of candidates) {
    try {
      const data = readFileSync(file);
      rule = tzifFooter(data);
      lastTransitionMs = tzifLastTransitionMs(data);
      break;
    } catch {
      // Go tries the next zoneinfo directory, and uses UTC when none has it.
    }
  }
  // A zone without daylight time (UTC on most servers) has one offset once
  // its last transition is past, and the footer says which. Asking
  // JavaScript's Date instead makes JavaScriptCore load ICU's time zone
  // tables, ~1.6 MiB of private memory for the exporter's whole life.
  const parsed = rule === undefined ? undefined : parsePosixTz(rule);
  const fixed =
    parsed !== undefined && parsed.dst === undefined && lastTransitionMs !== undefined
      ? { zone: { name: parsed.std, offsetSeconds: parsed.stdOffset }, sinceMs: lastTransitionMs }
      : undefined;
  return (now: Date) => {
    if (utc) return { name: "UTC", offsetSeconds: 0 };
    if (fixed && now.getTime() >= fixed.sinceMs) return fixed.zone;
    // 0 - x, not -x: an offset of 0 must not print as "-0".
    const offsetSeconds = 0 - now.getTimezoneOffset() * 60;
    return { name: zoneName(rule, offsetSeconds) ?? fallbackName(offsetSeconds), offsetSeconds };
  };
}
