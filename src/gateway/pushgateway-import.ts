// Reads Pushgateway's persistence file, so that a gateway replacing a
// Pushgateway keeps every group. Pushgateway writes its store with Go's gob:
// a map from grouping key to MetricGroup{Labels map[string]string; Metrics
// map[string]TimestampedMetricFamily{Timestamp time.Time;
// GobbableMetricFamily}}, each family being a protobuf MetricFamily
// (storage/interface.go and diskmetricstore.go, unchanged from 1.0 to 1.11).
// The push times are the families push_time_seconds and
// push_failure_time_seconds of each group.

import { decodeDelimited } from "../metrics/protobuf-decoder.ts";
import type { Labels, MetricFamily } from "../metrics/types.ts";
import { type GobValue, decodeGobStream, decodeGoTime } from "./gob-decoder.ts";
import { PUSH_FAILURE_TIME_NAME, PUSH_TIME_NAME } from "./store/group.ts";
import type { GroupSnapshot } from "./store/snapshot.ts";

export class PushgatewayFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PushgatewayFileError";
  }
}

function asMap(v: GobValue | undefined, where: string): Map<GobValue, GobValue> {
  if (v === undefined) return new Map();
  if (!(v instanceof Map)) throw new PushgatewayFileError(`${where}: not a map`);
  return v;
}

function asStruct(v: GobValue | undefined, where: string): { [field: string]: GobValue } {
  if (v === undefined || v === null || typeof v !== "object" || v instanceof Map || v instanceof Uint8Array || Array.isArray(v)) {
    throw new PushgatewayFileError(`${where}: not a struct`);
  }
  return v as { [field: string]: GobValue };
}

function varintPrefixed(b: Uint8Array): Uint8Array {
  const head: number[] = [];
  let n = b.length;
  while (n >= 0x80) {
    head.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  head.push(n);
  const out = new Uint8Array(head.length + b.length);
  out.set(head);
  out.set(b, head.length);
  return out;
}

function gaugeSeconds(f: MetricFamily | undefined): number {
  const v = f?.metrics[0]?.value;
  return v === undefined || !Number.isFinite(v) ? 0 : Math.round(v * 1000);
}

/**
 * Decodes a Pushgateway persistence file into groups as mon persists them.
 * Throws PushgatewayFileError (or GobError) naming what is wrong.
 */
export function decodePushgatewayFile(bytes: Uint8Array, nowMs = Date.now()): GroupSnapshot[] {
  const values = decodeGobStream(bytes);
  if (values.length !== 1) throw new PushgatewayFileError(`expected one value (the metric groups), found ${values.length}`);
  const groups: GroupSnapshot[] = [];
  for (const [key, raw] of asMap(values[0].value, "metric groups")) {
    const where = `group ${JSON.stringify(String(key))}`;
    const g = asStruct(raw, where);
    const labels: Labels = {};
    for (const [n, v] of asMap(g.Labels, `${where}.Labels`)) labels[String(n)] = String(v);
    if (!labels.job) throw new PushgatewayFileError(`${where} has no job label`);
    const families: GroupSnapshot["families"] = [];
    let pushTime: MetricFamily | undefined;
    let failureTime: MetricFamily | undefined;
    let latest = 0;
    for (const [name, tv] of asMap(g.Metrics, `${where}.Metrics`)) {
      const fw = `${where}, family ${JSON.stringify(String(name))}`;
      const t = asStruct(tv, fw);
      const timestampMs = t.Timestamp instanceof Uint8Array ? decodeGoTime(t.Timestamp) : 0;
      if (!(t.GobbableMetricFamily instanceof Uint8Array)) continue;
      let family: MetricFamily;
      try {
        [family] = decodeDelimited(varintPrefixed(t.GobbableMetricFamily));
      } catch (err) {
        throw new PushgatewayFileError(`${fw}: ${(err as Error).message}`, { cause: err });
      }
      if (!family) continue;
      latest = Math.max(latest, timestampMs);
      if (family.name === PUSH_TIME_NAME) pushTime = family;
      else if (family.name === PUSH_FAILURE_TIME_NAME) failureTime = family;
      else families.push({ timestampMs, family });
    }
    const pushTimeMs = gaugeSeconds(pushTime);
    const pushFailureTimeMs = gaugeSeconds(failureTime);
    groups.push({
      labels,
      pushTimeMs,
      pushFailureTimeMs,
      // --push.ttl counts from the last successful push; a group that never had one from its last change.
      activityMs: pushTimeMs || latest || nowMs,
      families,
    });
  }
  // mon restores and persists groups oldest activity first.
  return groups.sort((a, b) => a.activityMs - b.activityMs);
}
