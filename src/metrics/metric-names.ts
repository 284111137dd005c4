// Metric and label names beyond the legacy charset: the validation schemes
// and the name escaping schemes of prometheus/common v0.67 (model/metric.go),
// which Pushgateway 1.11.3 uses for --push.enable-utf8-names, for the U__
// label names in a push URL, and for scrapers that do not announce UTF-8
// support (Accept: ...; escaping=allow-utf-8).

import type { Labels, MetricFamily } from "./types.ts";

/** How names are validated: the legacy charset, or any non-empty UTF-8. */
export type NameValidation = "legacy" | "utf8";

/** The values of the escaping= parameter of Accept and Content-Type. */
export type EscapingScheme = "allow-utf-8" | "underscores" | "dots" | "values";

export const ESCAPING_SCHEMES: readonly EscapingScheme[] = ["allow-utf-8", "underscores", "dots", "values"];

function isLegacyChar(c: number, first: boolean): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || (!first && c >= 0x30 && c <= 0x39)
  );
}

/**
 * [a-zA-Z_:][a-zA-Z0-9_:]*: a name the text format writes bare. Go applies
 * this metric-name test to label names too when it decides on quoting and
 * escaping, so a label name with a colon is written bare and never escaped.
 */
export function isLegacyName(name: string): boolean {
  // A regular expression, not a loop over isLegacyChar: the text writer asks
  // this of every family on every scrape (~400 names), and a scrape's JS runs
  // mostly interpreted (the exporter's JIT policy), where the per-character
  // loop took ~0.7% of a scrape's CPU profile samples; the regexp engine
  // compiles its own code whatever the JS tier.
  return LEGACY_NAME.test(name);
}

const LEGACY_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function isLegacyLabelName(name: string): boolean {
  return isLegacyName(name) && !name.includes(":");
}

/** model.ValidationScheme.IsValidMetricName. */
export function isValidMetricNameIn(scheme: NameValidation, name: string): boolean {
  return scheme === "legacy" ? isLegacyName(name) : name.length > 0 && name.isWellFormed();
}

/** model.ValidationScheme.IsValidLabelName (the reserved "__" prefix is the caller's rule). */
export function isValidLabelNameIn(scheme: NameValidation, name: string): boolean {
  return scheme === "legacy" ? isLegacyLabelName(name) : name.length > 0 && name.isWellFormed();
}

/** model.EscapeName: a name a legacy scraper can read. Names already legacy come back unchanged. */
export function escapeName(name: string, scheme: EscapingScheme): string {
  if (name.length === 0 || scheme === "allow-utf-8") return name;
  // Dots escaping doubles underscores even in a legacy name; Go's family
  // escaping only calls it for names that are not legacy.
  if (scheme !== "dots" && isLegacyName(name)) return name;
  let out = scheme === "values" ? "U__" : "";
  let first = true;
  for (const ch of name) {
    const c = ch.codePointAt(0) as number;
    if (scheme === "underscores") out += isLegacyChar(c, first) ? ch : "_";
    else if (c === 0x5f) out += "__";
    else if (scheme === "dots" && c === 0x2e) out += "_dot_";
    else if (isLegacyChar(c, first)) out += ch;
    else if (scheme === "dots") out += "__";
    // A lone surrogate is what an invalid rune leaves in a JS string.
    else if (c >= 0xd800 && c <= 0xdfff) out += "_FFFD_";
    else out += `_${c.toString(16)}_`;
    first = false;
  }
  return out;
}

/**
 * model.UnescapeName: the name an escaped one stands for. Underscore escaping
 * cannot be undone; a malformed U__ name comes back unchanged, as in Go.
 */
export function unescapeName(name: string, scheme: EscapingScheme): string {
  if (name.length === 0) return name;
  if (scheme === "allow-utf-8" || scheme === "underscores") return name;
  if (scheme === "dots") return name.replaceAll("_dot_", ".").replaceAll("__", "_");
  if (!name.startsWith("U__")) return name;
  const s = name.slice(3);
  let out = "";
  // Everything but '_' and hex digits is copied as is: UTF-8 sequences hold
  // no ASCII bytes, so walking UTF-16 units decides as Go's byte walk does.
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "_") {
      out += s[i];
      continue;
    }
    i++;
    if (i >= s.length) return name;
    if (s[i] === "_") {
      out += "_";
      continue;
    }
    let code = 0;
    for (let j = 0; ; j++, i++) {
      if (i >= s.length || j >= 6) return name;
      if (s[i] === "_") break;
      // Go lowers with c | 0x20, which also turns bytes 0x10-0x19 into digits.
      const r = s.charCodeAt(i) | 0x20;
      if (r >= 0x30 && r <= 0x39) code = code * 16 + r - 0x30;
      else if (r >= 0x61 && r <= 0x66) code = code * 16 + r - 0x61 + 10;
      else return name;
    }
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return name;
    out += String.fromCodePoint(code);
  }
  return out;
}

function escapeLabels(labels: Labels, scheme: EscapingScheme): Labels {
  const out: Labels = {};
  for (const [n, v] of Object.entries(labels)) {
    const escaped = isLegacyName(n) ? n : escapeName(n, scheme);
    if (escaped === "__proto__") Object.defineProperty(out, escaped, { value: v, enumerable: true, writable: true, configurable: true });
    else out[escaped] = v;
  }
  return out;
}

/**
 * model.EscapeMetricFamily: the family with its name and label names escaped
 * for a scraper that did not ask for UTF-8. Returns f itself when nothing
 * needs escaping (always so for legacy names), so callers can keep caches.
 */
export function escapeFamily(f: MetricFamily, scheme: EscapingScheme): MetricFamily {
  if (scheme === "allow-utf-8") return f;
  const nameOk = isLegacyName(f.name);
  const needs = (labels: Labels) => {
    for (const n in labels) if (!isLegacyName(n)) return true;
    return false;
  };
  if (nameOk && !f.metrics.some((m) => needs(m.labels))) return f;
  return {
    ...f,
    name: nameOk ? f.name : escapeName(f.name, scheme),
    metrics: f.metrics.map((m) => (needs(m.labels) ? { ...m, labels: escapeLabels(m.labels, scheme) } : m)),
  };
}
