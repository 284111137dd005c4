// Which exposition format a scrape gets (expfmt.Negotiate of prometheus/common
// v0.67.5 with munnerz/goautoneg, as promhttp in client_golang 1.23.2 uses it;
// unchanged since v0.59.1), including the escaping scheme for UTF-8 names,
// and whether a push body is protobuf (Pushgateway's mime.ParseMediaType check).

import { parseGoFloat } from "../go/format-float.ts";
import { ESCAPING_SCHEMES, type EscapingScheme } from "./metric-names.ts";

export type ExpositionFormat = "text" | "protobuf-delimited";

export const TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
export const PROTOBUF_TYPE = "application/vnd.google.protobuf";
export const PROTOBUF_PROTO = "io.prometheus.client.MetricFamily";
export const PROTOBUF_DELIMITED_FORMAT = `${PROTOBUF_TYPE}; proto=${PROTOBUF_PROTO}; encoding=delimited`;

/** expfmt's default name escaping scheme (model.NameEscapingScheme), for scrapers that name none. */
const DEFAULT_ESCAPING: EscapingScheme = "underscores";
const KNOWN_ESCAPINGS = new Set<string>(ESCAPING_SCHEMES);

export interface Negotiated {
  format: ExpositionFormat;
  /**
   * The Content-Type header promhttp sends: the format plus the escaping
   * scheme, e.g. "text/plain; version=0.0.4; charset=utf-8; escaping=underscores".
   */
  contentType: string;
  /** How names outside the legacy charset are to be escaped (escapeFamily) before writing. */
  escaping: EscapingScheme;
}

interface AcceptClause {
  type: string;
  subType: string;
  q: number;
  params: Map<string, string>;
}

function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === " ") a++;
  while (b > a && s[b - 1] === " ") b--;
  return s.slice(a, b);
}

/** Splits at the first sep, like goautoneg's nextSplitElement. */
function splitFirst(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}

/** strconv.ParseFloat(s, 32) with the error ignored, as goautoneg does for q. */
function parseQ(s: string): number {
  const v = parseGoFloat(s);
  if (v !== undefined) return Math.fround(v);
  // Go returns ±Inf together with a range error for overflow; the error is ignored.
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  return 0;
}

/** goautoneg.ParseAccept: clauses ordered by q, concrete types before wildcards. */
export function parseAccept(header: string): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  let remaining = header;
  while (remaining.length > 0) {
    let part: string;
    [part, remaining] = splitFirst(remaining, ",");
    part = trimSpaces(part);
    const [mediaRange, paramsPart] = splitFirst(part, ";");
    const [t, afterSlash] = splitFirst(mediaRange, "/");
    const clause: AcceptClause = { type: trimSpaces(t), subType: "", q: 1, params: new Map() };
    if (afterSlash.length === 0) {
      if (clause.type !== "*") continue;
      clause.subType = "*";
    } else {
      const [st, extra] = splitFirst(afterSlash, "/");
      if (extra.length > 0) continue;
      clause.subType = trimSpaces(st);
    }
    let rest = paramsPart;
    while (rest.length > 0) {
      let p: string;
      [p, rest] = splitFirst(rest, ";");
      const [key, afterEq] = splitFirst(p, "=");
      if (afterEq.length === 0) continue;
      const [value, extra] = splitFirst(afterEq, "=");
      if (extra.length !== 0) continue;
      const token = trimSpaces(key);
      if (token === "q") clause.q = parseQ(value);
      else clause.params.set(token, trimSpaces(value));
    }
    clauses.push(clause);
  }
  return sortClauses(clauses);
}

function less(a: AcceptClause, b: AcceptClause): boolean {
  if (a.q > b.q) return true;
  if (a.type !== "*" && b.type === "*") return true;
  if (a.subType !== "*" && b.subType === "*") return true;
  return false;
}

// Go's sort.Sort is an insertion sort for up to 12 elements; with this
// (non-transitive) ordering only the same algorithm gives the same order.
function sortClauses(list: AcceptClause[]): AcceptClause[] {
  for (let i = 1; i < list.length; i++) {
    for (let j = i; j > 0 && less(list[j], list[j - 1]); j--) {
      [list[j], list[j - 1]] = [list[j - 1], list[j]];
    }
  }
  return list;
}

/**
 * expfmt.Negotiate for the formats mon serves. Go would answer the protobuf
 * text encodings (encoding=text / compact-text) in protobuf text format,
 * which mon does not produce; those get the text exposition format instead.
 */
export function negotiate(accept: string | null | undefined): Negotiated {
  let escaping = DEFAULT_ESCAPING;
  const answer = (format: ExpositionFormat): Negotiated => ({
    format,
    escaping,
    contentType: `${format === "text" ? TEXT_FORMAT : PROTOBUF_DELIMITED_FORMAT}; escaping=${escaping}`,
  });
  for (const c of parseAccept(accept ?? "")) {
    const esc = c.params.get("escaping");
    if (esc !== undefined && KNOWN_ESCAPINGS.has(esc)) escaping = esc as EscapingScheme;
    const version = c.params.get("version") ?? "";
    if (`${c.type}/${c.subType}` === PROTOBUF_TYPE && c.params.get("proto") === PROTOBUF_PROTO) {
      const encoding = c.params.get("encoding");
      if (encoding === "delimited") return answer("protobuf-delimited");
      if (encoding === "text" || encoding === "compact-text") return answer("text");
    }
    if (c.type === "text" && c.subType === "plain" && (version === "0.0.4" || version === "")) return answer("text");
  }
  return answer("text");
}

/** Just the format of negotiate(). */
export function negotiateFormat(accept: string | null | undefined): ExpositionFormat {
  return negotiate(accept).format;
}

const TSPECIALS = '()<>@,;:\\"/[]?=';

function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f && !TSPECIALS.includes(c);
}

function consumeToken(v: string): [string, string] {
  let i = 0;
  while (i < v.length && isTokenChar(v[i])) i++;
  return [v.slice(0, i), v.slice(i)];
}

/** A token or a quoted-string; returns ["", v] when there is neither. */
function consumeValue(v: string): [string, string] {
  if (v === "") return ["", v];
  if (v[0] !== '"') return consumeToken(v);
  let out = "";
  for (let i = 1; i < v.length; i++) {
    const c = v[i];
    if (c === '"') return [out, v.slice(i + 1)];
    if (c === "\\" && i + 1 < v.length && TSPECIALS.includes(v[i + 1])) {
      out += v[i + 1];
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") return ["", v];
    out += c;
  }
  return ["", v];
}

function trimLeftSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0]+/, "");
}

/**
 * Go's mime.ParseMediaType, reduced to what the push handler needs: the
 * lower-cased media type and the parameters, or undefined on a syntax error.
 */
export function parseMediaType(v: string): { mediaType: string; params: Map<string, string> } | undefined {
  const [base, paramsPart] = v.includes(";") ? [v.slice(0, v.indexOf(";")), v.slice(v.indexOf(";"))] : [v, ""];
  const mediaType = base.trim().toLowerCase();
  const [first, afterFirst] = consumeToken(mediaType);
  if (first === "") return undefined;
  if (afterFirst !== "") {
    if (afterFirst[0] !== "/") return undefined;
    const [sub, afterSub] = consumeToken(afterFirst.slice(1));
    if (sub === "" || afterSub !== "") return undefined;
  }
  const params = new Map<string, string>();
  let rest = paramsPart;
  for (;;) {
    rest = trimLeftSpace(rest);
    if (rest === "") break;
    // consumeMediaParam
    let p = rest;
    if (p[0] !== ";") return undefined;
    p = trimLeftSpace(p.slice(1));
    const [keyRaw, afterKey] = consumeToken(p);
    const key = keyRaw.toLowerCase();
    let ok = key !== "";
    let value = "";
    let after = afterKey;
    if (ok) {
      after = trimLeftSpace(after);
      if (after === "" || after[0] !== "=") ok = false;
      else {
        after = trimLeftSpace(after.slice(1));
        const [val, afterVal] = consumeValue(after);
        if (val === "" && afterVal === after) ok = false;
        value = val;
        after = afterVal;
      }
    }
    if (!ok) {
      // Trailing semicolons are tolerated.
      if (rest.trim() === ";") break;
      return undefined;
    }
    // Go allows a repeated parameter only with the same value.
    if (params.has(key) && params.get(key) !== value) return undefined;
    params.set(key, value);
    rest = after;
  }
  return { mediaType, params };
}

/** Pushgateway's test for a protobuf push body; everything else is parsed as text. */
export function isProtobufContentType(contentType: string | null | undefined): boolean {
  const parsed = parseMediaType(contentType ?? "");
  return (
    parsed !== undefined &&
    parsed.mediaType === PROTOBUF_TYPE &&
    parsed.params.get("encoding") === "delimited" &&
    parsed.params.get("proto") === PROTOBUF_PROTO
  );
}
