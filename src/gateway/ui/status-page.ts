// The web UI at <prefix>/ : what an operator opens at 3 am. One compact row
// per group (grouping key, time since the last push, the last refused push
// and why, the job's own outcome), failed jobs, refused pushes and stale
// groups first and marked, counts at the top, a filter, and each row opening
// onto the group's metrics. Server-rendered: reading and filtering (a GET
// form) work without JavaScript; a few lines of script filter as one types
// and send the DELETE behind each group's button. Everything pushed is
// escaped by html``.

import { formatFloat } from "../../go/format-float.ts";
import { escapeName } from "../../metrics/metric-names.ts";
import type { Metric, MetricFamily } from "../../metrics/types.ts";
import type { BuildInfo } from "../../version.ts";
import { type Group, PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME } from "../store/group.ts";
import { type GroupHealth, type HealthCounts, assessGroups, shortDuration } from "./group-health.ts";
import { Html, html } from "./html.ts";

export interface StatusPageData {
  groups: readonly Group[];
  flags: Record<string, string>;
  build: BuildInfo;
  startTimeMs: number;
  nowMs: number;
  /** Path prefix under which the browser reaches the gateway ("" = relative links). */
  pathPrefix: string;
  /** --push.ttl in ms, 0 when unset: a group older than this is stale. */
  ttlMs: number;
  /** The filter box's text (?q=); rows that do not match are rendered hidden. */
  filter: string;
}

function b64(s: string): string {
  return s === "" ? "=" : Buffer.from(s, "utf8").toString("base64url");
}

/**
 * The group's URL, every value base64-encoded so that "/" and empty values
 * survive; a UTF-8 label name (--push.enable-utf8-names) in the U__ escaping
 * the push URL takes, so that a "/" in a name survives too.
 */
export function groupPath(labels: Record<string, string>): string {
  let p = `metrics/job@base64/${b64(labels.job ?? "")}`;
  for (const n of Object.keys(labels).sort()) {
    if (n !== "job") p += `/${escapeName(n, "values")}@base64/${b64(labels[n])}`;
  }
  return p;
}

function time(ms: number): string {
  return ms === 0 ? "never" : new Date(ms).toISOString();
}

/** Label names with job first, then sorted. */
function labelNames(labels: Record<string, string>): string[] {
  return Object.keys(labels).sort((a, b) => (a === "job" ? -1 : b === "job" ? 1 : a < b ? -1 : 1));
}

function labelList(labels: Record<string, string>): Html {
  return html`${labelNames(labels).map((n) => html`<span class="label">${n}="${labels[n]}"</span> `)}`;
}

function keyText(labels: Record<string, string>): string {
  return labelNames(labels)
    .map((n) => `${n}="${labels[n]}"`)
    .join(" ");
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

/** A series' labels less the group's own (and the instance="" every group gets), which the row shows once. */
function seriesLabels(series: Record<string, string>, group: Record<string, string>): Record<string, string> {
  const own: Record<string, string> = {};
  for (const [n, v] of Object.entries(series)) {
    if (group[n] === v || (n === "instance" && v === "" && group.instance === undefined)) continue;
    own[n] = v;
  }
  return own;
}

function familySection(f: MetricFamily, stampMs: number, group: Record<string, string>): Html {
  const row = (m: Metric) => {
    const own = seriesLabels(m.labels, group);
    return html`<tr><td>${Object.keys(own).length > 0 ? labelList(own) : html`<span class="muted">—</span>`}</td><td class="value">${value(m, f)}</td></tr>`;
  };
  return html`<div class="family"><p><code class="name">${f.name}</code> <span class="muted">${f.type} · pushed ${time(stampMs)}</span>${f.help ? html` — <span class="help">${f.help}</span>` : ""}</p>
<table><tbody>${f.metrics.map(row)}</tbody></table></div>
`;
}

/** The words the filter matches a group by: its key, its markers, the refusal reason, the outcome. */
function searchText(h: GroupHealth): string {
  const words = [keyText(h.group.labels), ...markers(h).map((m) => m.text), outcomeText(h), h.pushFailed ? h.group.pushFailureReason : ""];
  return words.join(" ").toLowerCase();
}

function markers(h: GroupHealth): { cls: string; text: string }[] {
  const out: { cls: string; text: string }[] = [];
  if (h.jobFailed) out.push({ cls: "bad", text: "job failed" });
  if (h.pushFailed) out.push({ cls: "bad", text: "push failed" });
  if (h.stale) out.push({ cls: "warn", text: "stale" });
  if (out.length === 0) out.push({ cls: "ok", text: "ok" });
  return out;
}

function outcomeText(h: GroupHealth): string {
  const o = h.outcome;
  if (!o) return "";
  let text = o.succeeded === undefined ? "unknown (NaN)" : o.succeeded ? "succeeded" : "failed";
  if (o.succeeded === false && o.exitCode !== undefined) text += ` (exit ${o.exitCode})`;
  if (o.source !== "batch_job_success") text += ` · ${o.source}`;
  return text;
}

function outcomeCell(h: GroupHealth, nowMs: number): Html {
  const o = h.outcome;
  if (!o) return html`<span class="muted">—</span>`;
  const running = o.running
    ? html`<br><span class="muted">running${o.runningSinceMs !== undefined ? html` for ${shortDuration(nowMs - o.runningSinceMs)}` : ""}</span>`
    : "";
  return html`<span class="${o.succeeded === false ? "bad-text" : ""}">${outcomeText(h)}</span>${running}`;
}

function lastPushCell(h: GroupHealth, nowMs: number): Html {
  const g = h.group;
  const when = g.pushTimeMs === 0 ? html`never` : html`<time datetime="${time(g.pushTimeMs)}" title="${time(g.pushTimeMs)}">${shortDuration(nowMs - g.pushTimeMs)} ago</time>`;
  const rule =
    h.staleAfterMs === undefined
      ? ""
      : html`<br><span class="muted rule">${h.staleRule === "--push.ttl" ? "--push.ttl" : "expected every"} ${shortDuration(h.staleAfterMs)}</span>`;
  return html`<span class="${h.stale ? "warn-text" : ""}">${when}</span>${rule}`;
}

function failureCell(h: GroupHealth, nowMs: number): Html {
  const g = h.group;
  if (g.pushFailureTimeMs === 0) return html`<span class="muted">—</span>`;
  const when = html`<time datetime="${time(g.pushFailureTimeMs)}" title="${time(g.pushFailureTimeMs)}">${shortDuration(nowMs - g.pushFailureTimeMs)} ago</time>`;
  if (!h.pushFailed) return html`<span class="muted">${when}, later pushes accepted</span>`;
  const reason = g.pushFailureReason || "reason not kept across a restart";
  return html`<span class="bad-text">${when}:</span> <span class="reason" title="${reason}">${reason}</span>`;
}

function groupRow(h: GroupHealth, d: StatusPageData): Html {
  const g = h.group;
  const url = d.pathPrefix === "" ? `./${groupPath(g.labels)}` : `${d.pathPrefix}/${groupPath(g.labels)}`;
  const search = searchText(h);
  const hidden = d.filter !== "" && !search.includes(d.filter.toLowerCase());
  const families = [...g.families.entries()]
    .filter(([n]) => n !== PUSH_TIME_NAME && n !== PUSH_FAILURE_TIME_NAME)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const severity = markers(h)[0].cls;
  return html`<details class="group ${severity}" data-search="${search}"${hidden ? html` hidden` : ""}>
<summary><span class="cell markers">${markers(h).map((m) => html`<span class="marker ${m.cls}">${m.text}</span>`)}</span><span class="cell key">${labelList(g.labels)}</span><span class="cell">${lastPushCell(h, d.nowMs)}</span><span class="cell failure">${failureCell(h, d.nowMs)}</span><span class="cell">${outcomeCell(h, d.nowMs)}</span><span class="cell actions"><button type="button" class="delete" data-url="${url}" data-group="${keyText(g.labels)}" disabled title="needs JavaScript">Delete</button></span></summary>
<div class="metrics">
<p class="muted">Last accepted push ${time(g.pushTimeMs)} · last refused push ${time(g.pushFailureTimeMs)} · ${families.length} metric famil${families.length === 1 ? "y" : "ies"}</p>
${h.pushFailed && g.pushFailureReason ? html`<pre class="reason-full">${g.pushFailureReason}</pre>` : ""}
${families.map(([, s]) => familySection(s.toFamily(), s.timestampMs, g.labels))}</div>
</details>
`;
}

function countsLine(c: HealthCounts): Html {
  const item = (n: number, one: string, many: string, cls: string, query: string) =>
    html`<a class="count ${n > 0 ? cls : "zero"}" href="?q=${encodeURIComponent(query)}">${n} ${n === 1 ? one : many}</a>`;
  const healthy = c.failedJobs + c.failedPushes + c.stale === 0;
  return html`<p class="counts${healthy ? " healthy" : ""}">${item(c.failedJobs, "failed job", "failed jobs", "bad", "job failed")}
${item(c.failedPushes, "failed push", "failed pushes", "bad", "push failed")}
${item(c.stale, "stale group", "stale groups", "warn", "stale")}
<a class="count total" href="?">${c.groups} group${c.groups === 1 ? "" : "s"}</a></p>`;
}

const STYLE = `
:root{color-scheme:light dark;--bad:#c62828;--bad-bg:#fdecea;--warn:#8a5a00;--warn-bg:#fff4d6;--ok:#2e7d32;--muted:#666;--line:#ddd;--label:#eef1fb}
@media (prefers-color-scheme:dark){:root{--bad:#ff8a80;--bad-bg:#3d1f1f;--warn:#ffd166;--warn-bg:#3a3220;--ok:#81c784;--muted:#aaa;--line:#444;--label:#2a2f3d}}
body{font:14px/1.4 system-ui,sans-serif;margin:1em 1.5em}
h1{font-size:1.3em;margin:0 0 .2em}
.muted{color:var(--muted)}
.counts{margin:.6em 0;font-size:1.15em}
.count{display:inline-block;margin-right:.6em;padding:.15em .6em;border-radius:4px;text-decoration:none;color:inherit;border:1px solid var(--line)}
.count.bad{background:var(--bad-bg);color:var(--bad);border-color:var(--bad);font-weight:600}
.count.warn{background:var(--warn-bg);color:var(--warn);border-color:var(--warn);font-weight:600}
.count.zero{color:var(--muted)}.counts.healthy .total{color:var(--ok);border-color:var(--ok);font-weight:600}
.filter{margin:.6em 0}.filter input{width:28em;max-width:70vw;padding:.3em}
.head,details.group>summary{display:grid;grid-template-columns:11em minmax(14em,2fr) 10em minmax(12em,3fr) 11em 5em;gap:.8em;align-items:start}
.head{font-weight:600;border-bottom:2px solid var(--line);border-left:4px solid transparent;padding:.3em .4em}
details.group{border-bottom:1px solid var(--line);border-left:4px solid transparent}
details.group.bad{border-left-color:var(--bad);background:var(--bad-bg)}details.group.warn{border-left-color:var(--warn);background:var(--warn-bg)}
details.group>summary{list-style:none;cursor:pointer;padding:.3em .4em}details.group>summary::-webkit-details-marker{display:none}
details.group>summary:hover{background:rgba(127,127,127,.08)}
.markers::before{content:"▸";color:var(--muted);display:inline-block;width:1em}details[open] .markers::before{content:"▾"}
.marker{display:inline-block;font-size:.8em;font-weight:700;text-transform:uppercase;padding:0 .4em;margin:0 .3em .2em 0;border-radius:3px}
.marker.bad{background:var(--bad);color:#fff}.marker.warn{background:var(--warn);color:#fff}.marker.ok{color:var(--ok);border:1px solid var(--ok)}
.bad-text{color:var(--bad);font-weight:600}.warn-text{color:var(--warn);font-weight:600}
.reason{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.failure{min-width:0}
.label{display:inline-block;max-width:100%;overflow-wrap:anywhere;background:var(--label);border-radius:3px;padding:0 .3em;margin:0 .3em .2em 0;font-family:monospace}
.cell{min-width:0}.rule{font-size:.85em;white-space:nowrap}
.metrics{padding:.2em 1em .8em 2em}
.reason-full{white-space:pre-wrap;color:var(--bad);margin:.3em 0}
.family p{margin:.6em 0 .2em}
table{border-collapse:collapse}td,th{border-bottom:1px solid var(--line);padding:.15em .6em;text-align:left;vertical-align:top}
.value{font-family:monospace}
`;

const SCRIPT = `
const filter = document.getElementById("filter");
const rows = [...document.querySelectorAll("details.group")];
const shown = document.getElementById("shown");
function applyFilter() {
  const q = filter.value.trim().toLowerCase();
  let n = 0;
  for (const row of rows) {
    row.hidden = q !== "" && !row.dataset.search.includes(q);
    if (!row.hidden) n++;
  }
  shown.textContent = q === "" ? "" : n + " of " + rows.length + " shown";
  const url = new URL(location.href);
  if (q === "") url.searchParams.delete("q"); else url.searchParams.set("q", filter.value);
  history.replaceState(null, "", url);
}
filter.addEventListener("input", applyFilter);
filter.form.addEventListener("submit", (e) => { e.preventDefault(); applyFilter(); });
applyFilter();
for (const b of document.querySelectorAll("button.delete")) {
  b.disabled = false;
  b.title = "Delete this group from the gateway";
  b.addEventListener("click", async (e) => {
    e.preventDefault();
    if (!confirm("Delete the group " + b.dataset.group + "?")) return;
    const r = await fetch(b.dataset.url, { method: "DELETE" });
    if (r.ok) location.reload(); else alert("Delete failed: " + r.status + " " + (await r.text()));
  });
}
`;

export function renderStatusPage(d: StatusPageData): string {
  const { rows, counts } = assessGroups(d.groups, d.nowMs, d.ttlMs);
  const problems = counts.failedJobs + counts.failedPushes + counts.stale;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${problems > 0 ? `(${problems}) ` : ""}Pushgateway</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<h1>Pushgateway</h1>
<p class="muted">mon ${d.build.version} (revision ${d.build.revision}) · started ${time(d.startTimeMs)} · page rendered ${time(d.nowMs)}</p>
${countsLine(counts)}
<form class="filter" method="get" role="search"><input type="search" id="filter" name="q" value="${d.filter}" placeholder="Filter: job, label, reason, “failed”, “stale”…" aria-label="Filter groups"> <button type="submit">Filter</button> <span id="shown" class="muted"></span></form>
${
  rows.length === 0
    ? html`<p>No metrics pushed.</p>`
    : html`<div class="groups"><div class="head"><span>Status</span><span>Group</span><span>Last push</span><span>Last failed push</span><span>Job outcome</span><span></span></div>
${rows.map((h) => groupRow(h, d))}</div>`
}
<details class="flags"><summary>Flags</summary>
<table>${Object.keys(d.flags)
    .sort()
    .map((n) => html`<tr><td><code>${n}</code></td><td><code>${d.flags[n]}</code></td></tr>`)}</table></details>
<script>${new Html(SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
