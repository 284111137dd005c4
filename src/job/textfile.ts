// The --textfile-dir destination: DIR/<job>[_<instance>].prom for the
// exporter's textfile collector, with the gateway's push semantics: PUT
// replaces the file, POST replaces only the families it carries (so a failed
// run keeps the last success), DELETE removes the file. Written to a temp file
// in DIR and renamed, so a scrape never sees half a file; the temp name does
// not end in .prom, so the collector never reads it.

import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseText } from "../metrics/text-parser.ts";
import { writeText } from "../metrics/text-writer.ts";
import type { MetricFamily } from "../metrics/types.ts";
import { type GroupingKey, keyLabels } from "./grouping-path.ts";
import type { PushMethod } from "./push-client.ts";

function fileNamePart(s: string): string {
  return s.replace(/[^A-Za-z0-9_.:-]/g, "_");
}

export function textfileName(key: GroupingKey): string {
  const instance = key.labels.instance;
  return `${fileNamePart(key.job)}${instance ? `_${fileNamePart(instance)}` : ""}.prom`;
}

/** The families with the grouping key's labels on every series, as the gateway would serve them. */
export function withKeyLabels(families: readonly MetricFamily[], key: GroupingKey): MetricFamily[] {
  const labels = keyLabels(key);
  return families.map((f) => ({ ...f, metrics: f.metrics.map((m) => ({ ...m, labels: { ...m.labels, ...labels } })) }));
}

/** POST semantics: families in `pushed` replace same-named ones in `previous`; the rest stay. */
export function mergeFamilies(previous: readonly MetricFamily[], pushed: readonly MetricFamily[]): MetricFamily[] {
  const names = new Set(pushed.map((f) => f.name));
  return [...previous.filter((f) => !names.has(f.name)), ...pushed];
}

function readPrevious(path: string): MetricFamily[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  try {
    return parseText(text);
  } catch {
    // A file someone else damaged is replaced, not merged: the new outcome matters more.
    return [];
  }
}

export interface TextfileResult {
  ok: boolean;
  path: string;
  reason: string;
}

export function writeTextfile(dir: string, key: GroupingKey, method: PushMethod, families: readonly MetricFamily[]): TextfileResult {
  const path = join(dir, textfileName(key));
  try {
    if (method === "DELETE") {
      rmSync(path, { force: true });
      return { ok: true, path, reason: "" };
    }
    const pushed = withKeyLabels(families, key);
    const all = method === "POST" ? mergeFamilies(readPrevious(path), pushed) : pushed;
    const tmp = join(dir, `.${textfileName(key)}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, writeText(all), { mode: 0o644 });
      renameSync(tmp, path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return { ok: true, path, reason: "" };
  } catch (err) {
    return { ok: false, path, reason: (err as Error).message };
  }
}
