// Reads a gateway's persistence files (snapshot and logs) into a store, as a
// start would, but without changing anything on disk: for tests that look at
// what a killed gateway left.

import { existsSync, readFileSync } from "node:fs";
import { decodeSnapshotFile } from "../../src/gateway/persistence-format.ts";
import { readLog } from "../../src/gateway/persistence-log.ts";
import { listLogs } from "../../src/gateway/persistence.ts";
import { decodeMutation } from "../../src/gateway/store/mutation-codec.ts";
import { GatewayStore } from "../../src/gateway/store/state.ts";

export function readPersistedStore(file: string): GatewayStore {
  const store = new GatewayStore({ clock: { now: () => 0 } });
  let from = 0;
  if (existsSync(file)) {
    const snapshot = decodeSnapshotFile(readFileSync(file));
    store.restore(snapshot.groups);
    from = snapshot.logGeneration ?? 0;
  }
  for (const { generation, path } of listLogs(file)) {
    if (generation < from) continue;
    for (const record of readLog(readFileSync(path)).records) store.apply(decodeMutation(record));
  }
  return store;
}
