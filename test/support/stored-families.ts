// Small StoredFamily values for the gateway store's unit tests, and the one
// place a test writes into a family's hash column (so a change of the
// column layout is fixed here once, not in every test that fakes a collision).

import { SchemaPool, type StoredFamily, StoredFamilyBuilder } from "../../src/gateway/store/stored-family.ts";
import type { Labels } from "../../src/metrics/types.ts";

/** A gauge family of group groupId whose series i has the value i. */
export function family(groupId: string, name: string, series: Labels[]): StoredFamily {
  const b = new StoredFamilyBuilder(groupId, name, "gauge", undefined, series.length, new SchemaPool());
  for (const [i, labels] of series.entries()) b.add(Object.keys(labels).sort(), labels, i);
  return b.family;
}

/** Gives every series of f the same hash, as a collision would. */
export function forceHash(f: StoredFamily, hash: number): void {
  for (let i = 0; i < f.size; i++) f.numbers[f.size + i] = hash;
}
