// The grouping key of a push: the URL path after /metrics/, i.e.
// job/<job>{/<name>/<value>} with optional @base64 suffixes, turned into a
// label set. Pure functions; the messages are the 400 bodies Pushgateway
// sends for the same mistakes.

import { type NameValidation, isValidLabelNameIn, unescapeName } from "../metrics/metric-names.ts";
import type { Labels } from "../metrics/types.ts";

export const BASE64_SUFFIX = "@base64";

export class GroupingKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GroupingKeyError";
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Percent-decodes a URL path the way Go's url.PathUnescape does before
 * routing: every %XX becomes its byte, "+" stays "+". So %2F turns into a
 * path separator, which is why values with "/" need @base64.
 */
export function decodeUrlPath(raw: string): string {
  if (!raw.includes("%")) return raw;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === 0x25) {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw new GroupingKeyError(`invalid URL escape "${raw.slice(i, i + 3)}"`);
      }
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (ch < 0x80) {
      bytes.push(ch);
    } else {
      const cp = raw.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      bytes.push(...new TextEncoder().encode(String.fromCodePoint(cp)));
    }
  }
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch (err) {
    throw new GroupingKeyError(`URL path ${JSON.stringify(raw)} is not valid UTF-8 after percent-decoding`, { cause: err });
  }
}

const B64_VALUES: Record<string, number> = {};
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach((c, i) => {
  B64_VALUES[c] = i;
});

/**
 * RFC 4648 "URL and filename safe" base64 without padding; trailing "=" are
 * dropped first, so "=" alone is the empty string. Errors name the offending
 * input byte as Go's encoding/base64 does.
 */
export function decodeBase64Url(s: string): string {
  const body = s.replace(/=+$/, "");
  if (body.length % 4 === 1) throw new GroupingKeyError(`illegal base64 data at input byte ${body.length - 1}`);
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const v = B64_VALUES[body[i]];
    if (v === undefined) throw new GroupingKeyError(`illegal base64 data at input byte ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  try {
    return utf8.decode(out.subarray(0, n));
  } catch (err) {
    throw new GroupingKeyError("decoded value is not valid UTF-8", { cause: err });
  }
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/** Label names in the URL: valid in the scheme (legacy unless --push.enable-utf8-names), "__" reserved. */
export function isValidGroupingLabelName(name: string, names: NameValidation = "legacy"): boolean {
  return isValidLabelNameIn(names, name) && !name.startsWith("__");
}

/**
 * Parses the label pairs after the job, e.g. "/instance/a/zone@base64/Yg".
 * An empty string or a lone "/" means no labels. With UTF-8 names (as
 * Pushgateway 1.11 with --push.enable-utf8-names) a label name may be given
 * as is (percent-encoded) or in the U__ value escaping: U__service_2e_name
 * is "service.name".
 */
export function splitLabels(labels: string, names: NameValidation = "legacy"): Labels {
  const result: Labels = {};
  if (labels.length <= 1) return result;
  const parts = labels.slice(1).split("/");
  if (parts.length % 2 !== 0) throw new GroupingKeyError(`odd number of components in label string ${quote(labels)}`);
  for (let i = 0; i < parts.length; i += 2) {
    const name = parts[i];
    const value = parts[i + 1];
    const base64 = name.endsWith(BASE64_SUFFIX);
    const trimmed = base64 ? name.slice(0, -BASE64_SUFFIX.length) : name;
    const unescaped = names === "utf8" ? unescapeName(trimmed, "values") : trimmed;
    // Pushgateway tests only the escaped form for "__"; an escaped name that
    // stands for a reserved one is refused here too, as its series would be later.
    if (!isValidGroupingLabelName(unescaped, names) || trimmed.startsWith("__")) {
      throw new GroupingKeyError(`improper label name ${quote(trimmed)}`);
    }
    let decoded = value;
    if (base64) {
      try {
        decoded = decodeBase64Url(value);
      } catch (err) {
        throw new GroupingKeyError(
          `invalid base64 encoding for label ${trimmed}=${quote(value)}: ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
    result[unescaped] = decoded;
  }
  return result;
}

/**
 * Parses a decoded path below /metrics/, starting with "job/" or
 * "job@base64/". Returns undefined when the path is not a push path at all
 * (the router answers 404 then).
 */
export function parseGroupingKey(path: string, names: NameValidation = "legacy"): Labels | undefined {
  let rest: string;
  let jobBase64: boolean;
  if (path.startsWith("job/")) {
    rest = path.slice(4);
    jobBase64 = false;
  } else if (path.startsWith(`job${BASE64_SUFFIX}/`)) {
    rest = path.slice(4 + BASE64_SUFFIX.length);
    jobBase64 = true;
  } else {
    return undefined;
  }
  const slash = rest.indexOf("/");
  let job = slash === -1 ? rest : rest.slice(0, slash);
  const labelString = slash === -1 ? "" : rest.slice(slash);
  if (jobBase64) {
    try {
      job = decodeBase64Url(job);
    } catch (err) {
      throw new GroupingKeyError(`invalid base64 encoding in job name ${quote(job)}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const labels = splitLabels(labelString, names);
  if (job === "") throw new GroupingKeyError("job name is required");
  // The job from the path's first segment wins over a "job" pair later on.
  labels.job = job;
  return labels;
}

/** A canonical, unambiguous id for a label set: names sorted, JSON-encoded pairs. */
export function groupId(labels: Labels): string {
  const names = Object.keys(labels).sort();
  const flat: string[] = [];
  for (const n of names) flat.push(n, labels[n]);
  return JSON.stringify(flat);
}

/** A grouping key for a log line: job first, then the other labels by name, as in the URL. */
export function groupingKeyText(key: Labels): string {
  const names = Object.keys(key)
    .filter((n) => n !== "job")
    .sort();
  return ["job", ...names].map((n) => `${n}=${JSON.stringify(key[n])}`).join(",");
}
