// The web UI at <prefix>/ : one server-rendered page listing the groups
// (grouping labels, last push times, success), their families and series,
// with a delete button per group. Plain HTML and a few lines of script for
// the DELETE request; everything pushed is escaped.

import { formatFloat } from "../../go/format-float.ts";
import type { Metric, MetricFamily } from "../../metrics/types.ts";
import type { BuildInfo } from "../../version.ts";
import { type Group, PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME } from "../store/group.ts";
import { type Html, html } from "./html.ts";

export interface StatusPageData {
  groups: readonly Group[];
  flags: Record<string, string>;
  build: BuildInfo;
  startTimeMs: number;
  nowMs: number;
  /** Path prefix under which the browser reaches the gateway ("" = relative links). */
  pathPrefix: string;
}

function b64(s: string): string {
  return s === "" ? "=" : Buffer.from(s, "utf8").toString("base64url");
}

/** The group's URL, every part base64-encoded so that "/" and empty values survive. */
export function groupPath(labels: Record<string, string>): string {
  let p = `metrics/job@base64/${b64(labels.job ?? "")}`;
  for (const n of Object.keys(labels).sort()) {
    if (n !== "job") p += `/${n}@base64/${b64(labels[n])}`;
  }
  return p;
}

function time(ms: number): string {
  return ms === 0 ? "never" : new Date(ms).toISOString();
}

function labelList(labels: Record<string, string>): Html {
  const names = Object.keys(labels).sort((a, b) => (a === "job" ? -1 : b === "job" ? 1 : a < b ? -1 : 1));
  return html`${names.map((n) => html`<span class="label">${n}="${labels[n]}"</span> `)}`;
}

function value(m: Metric, f: MetricFamily): Html {
  if (f.type === "summary" && m.summary) {
    const s = m.summary;
    return html`${s.quantiles.map((q) => html`<div>q${formatFloat(q.quantile)}: ${formatFloat(q.value)}</div>`)}<div>sum: ${formatFloat(s.sampleSum)}</div><div>count: ${s.sampleCount}</div>`;
  }
  if (f.type === "histogram" && m.histogram) {
    const h = m.histogram;
    return html`${h.buckets.map((b) => html`<div>le ${formatFloat(b.upperBound)}: ${b.cumulativeCount}</div>`)}<div>sum: ${formatFloat(h.sampleSum)}</div><div>count: ${h.sampleCount}</div>`;
  }
  return html`${formatFloat(m.value ?? 0)}`;
}

function familySection(f: MetricFamily, stampMs: number): Html {
  return html`<details class="family"><summary><code>${f.name}</code> <span class="type">${f.type}</span> <span class="muted">last pushed ${time(stampMs)}</span></summary>
${f.help ? html`<p class="help">${f.help}</p>` : ""}
<table><thead><tr><th>Labels</th><th>Value</th></tr></thead><tbody>
${f.metrics.map((m) => html`<tr><td>${labelList(m.labels)}</td><td>${value(m, f)}</td></tr>\n`)}</tbody></table></details>
`;
}

function groupSection(g: Group, prefix: string): Html {
  const ok = g.pushFailureTimeMs <= g.pushTimeMs;
  const url = prefix === "" ? `./${groupPath(g.labels)}` : `${prefix}/${groupPath(g.labels)}`;
  const families = [...g.families.entries()]
    .filter(([n]) => n !== PUSH_TIME_NAME && n !== PUSH_FAILURE_TIME_NAME)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return html`<section class="group ${ok ? "ok" : "failed"}">
<h3>${labelList(g.labels)}</h3>
<p>Last push: ${time(g.pushTimeMs)}${ok ? "" : html` · <strong>last push failed</strong> at ${time(g.pushFailureTimeMs)}`}
<button type="button" class="delete" data-url="${url}">Delete group</button></p>
${families.map(([, s]) => familySection(s.toFamily(), s.timestampMs))}</section>
`;
}

export function renderStatusPage(d: StatusPageData): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Pushgateway</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:80em}
.group{border:1px solid #ccc;border-radius:4px;padding:.5em 1em;margin:1em 0}
.group.failed{border-color:#c33}
.label{background:#eef;border-radius:3px;padding:0 .3em;font-family:monospace}
.type,.muted{color:#666}
table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:.2em .6em;text-align:left;vertical-align:top}
</style>
</head>
<body>
<h1>Pushgateway</h1>
<p class="muted">mon ${d.build.version} (revision ${d.build.revision}) · started ${time(d.startTimeMs)} · ${d.groups.length} group(s)</p>
<h2>Metric groups</h2>
${d.groups.length === 0 ? html`<p>No metrics pushed.</p>` : ""}
${d.groups.map((g) => groupSection(g, d.pathPrefix))}
<h2>Flags</h2>
<table>${Object.keys(d.flags)
    .sort()
    .map((n) => html`<tr><td><code>${n}</code></td><td><code>${d.flags[n]}</code></td></tr>`)}</table>
<script>
for (const b of document.querySelectorAll("button.delete")) {
  b.addEventListener("click", async () => {
    if (!confirm("Delete this group?")) return;
    const r = await fetch(b.dataset.url, { method: "DELETE" });
    if (r.ok) location.reload(); else alert("Delete failed: " + r.status + " " + (await r.text()));
  });
}
</script>
</body>
</html>
`;
  return page.value;
}
