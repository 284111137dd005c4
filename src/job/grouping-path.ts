// The URL path of a push's group, /metrics/job/<job>{/<label>/<value>}, as
// client_golang's push package builds it: a value that is empty or holds a
// "/" is sent as <label>@base64/<base64url>, anything else is path-escaped.

import { FlagError } from "../flags/flag-table.ts";
import type { Labels } from "../metrics/types.ts";
import { isValidLabelNameIn } from "../metrics/metric-names.ts";

export interface GroupingKey {
  job: string;
  /** The other labels of the key (instance and --label pairs), in the order given. */
  labels: Labels;
}

function base64Url(value: string): string {
  return Buffer.from(value, "utf8").toString("base64url");
}

// url.PathEscape: everything but unreserved characters and the sub-delims a
// path segment may hold is percent-encoded.
function pathEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function segment(name: string, value: string): string {
  if (value === "") return `${name}@base64/=`;
  if (value.includes("/")) return `${name}@base64/${base64Url(value)}`;
  return `${name}/${pathEscape(value)}`;
}

/** The path after the gateway's base URL: "/metrics/job/...". */
export function groupingPath(key: GroupingKey): string {
  let path = `/metrics/${segment("job", key.job)}`;
  for (const [name, value] of Object.entries(key.labels)) path += `/${segment(name, value)}`;
  return path;
}

/** Parses repeated --label k=v into labels, refusing what the gateway would refuse. */
export function parseLabelFlags(pairs: readonly string[]): Labels {
  const labels: Labels = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new FlagError(`--label ${JSON.stringify(pair)}: want name=value`);
    const name = pair.slice(0, eq);
    checkLabelName(name, "--label");
    if (name in labels) throw new FlagError(`--label ${name} is given twice`);
    labels[name] = pair.slice(eq + 1);
  }
  return labels;
}

export function checkLabelName(name: string, flag: string): void {
  if (!isValidLabelNameIn("legacy", name) || name.startsWith("__")) {
    throw new FlagError(`${flag} ${JSON.stringify(name)}: not a valid label name`);
  }
  if (name === "job") throw new FlagError(`${flag} job=...: the job is set with --job`);
}

/** The grouping key from --job, --instance (explicitly empty: left out) and --label. */
export function groupingKeyFromFlags(job: string, instance: string | undefined, labelPairs: readonly string[]): GroupingKey {
  if (job === "") throw new FlagError("--job is required (the job name of the grouping key)");
  const extra = parseLabelFlags(labelPairs);
  const labels: Labels = {};
  if (instance !== undefined && instance !== "") {
    if ("instance" in extra) throw new FlagError("--label instance=... conflicts with --instance; use --instance");
    labels.instance = instance;
  }
  return { job, labels: { ...labels, ...extra } };
}

/** All labels of the key, job included: what a textfile series carries. */
export function keyLabels(key: GroupingKey): Labels {
  return { job: key.job, ...key.labels };
}
