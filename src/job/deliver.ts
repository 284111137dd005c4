// One push (PUT, POST or DELETE of some families under the grouping key) to
// every destination: each gateway over HTTP and the textfile folder. Every
// failure comes back as a line naming the URL or file and the reason.

import { writeText } from "../metrics/text-writer.ts";
import type { MetricFamily } from "../metrics/types.ts";
import { groupingPath } from "./grouping-path.ts";
import type { Destinations } from "./job-flags.ts";
import { type PushMethod, pushAll } from "./push-client.ts";
import { writeTextfile } from "./textfile.ts";

export interface Delivery {
  /** One line per destination that did not take the push. */
  failures: string[];
}

export async function deliver(
  dest: Destinations,
  method: PushMethod,
  families: MetricFamily[],
  signal?: AbortSignal,
): Promise<Delivery> {
  const failures: string[] = [];
  if (dest.textfileDir !== "") {
    const r = writeTextfile(dest.textfileDir, dest.key, method, families);
    if (!r.ok) failures.push(`${r.path}: ${r.reason}`);
  }
  if (dest.gateways.length > 0) {
    const body = method === "DELETE" ? undefined : writeText(families.map((f) => ({ ...f, metrics: [...f.metrics] })));
    const results = await pushAll(dest.gateways, { path: groupingPath(dest.key), method, body }, { budgetMs: dest.budgetMs, http: dest.http, signal });
    for (const r of results) {
      if (!r.ok) failures.push(`${r.url}: ${r.reason}${r.attempts > 1 ? ` (after ${r.attempts} attempts)` : ""}`);
    }
  }
  return { failures };
}
