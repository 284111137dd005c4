// DELETE <prefix>/metrics/job/<job>{/<label>/<value>}: drop a group. 202
// whether or not it existed; applied before the answer, so a later request
// already sees it gone.

import type { Context } from "hono";
import type { NameValidation } from "../../metrics/metric-names.ts";
import type { Logger } from "../../telemetry/logger.ts";
import { GroupingKeyError, parseGroupingKey } from "../grouping-key.ts";
import { LogUnavailableError, type MutationLog } from "../store/mutation-log.ts";
import type { Clock } from "../store/state.ts";
import { empty, httpError, logUnavailable } from "./respond.ts";

export interface DeleteRouteDeps {
  log: MutationLog;
  clock: Clock;
  logger: Logger;
  /** --push.enable-utf8-names: "utf8"; default "legacy". */
  names?: NameValidation;
}

export function deleteRoute(deps: DeleteRouteDeps): (c: Context, keyPath: string) => Promise<Response> {
  return async (_c, keyPath) => {
    try {
      const key = parseGroupingKey(keyPath, deps.names);
      if (!key) return httpError(404, "404 page not found");
      await deps.log.submit({ kind: "delete", atMs: deps.clock.now(), key });
      return empty(202);
    } catch (err) {
      if (err instanceof LogUnavailableError) return logUnavailable(err);
      if (!(err instanceof GroupingKeyError)) throw err;
      deps.logger.debug("bad delete", { err: err.message });
      return httpError(400, err.message);
    }
  };
}
