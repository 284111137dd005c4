// Worker thread that performs statfs calls for the filesystem collector, so
// that a call stuck on a dead mount blocks this thread and not the server.
// Protocol: in {id, path}; out {id, stats} or {id, errno, message}.

import { StatfsError, statfsSync } from "./statfs.ts";

declare const self: Worker;

self.onmessage = (event: MessageEvent<{ id: number; path: string }>) => {
  const { id, path } = event.data;
  try {
    self.postMessage({ id, stats: statfsSync(path) });
  } catch (err) {
    if (err instanceof StatfsError) self.postMessage({ id, errno: err.errno, message: err.message });
    else self.postMessage({ id, errno: -1, message: String((err as Error)?.message ?? err) });
  }
};
