// PUT <prefix>/api/v1/admin/wipe (with --web.enable-admin-api): delete every group.

import type { Context } from "hono";
import type { Logger } from "../../telemetry/logger.ts";
import { LogUnavailableError, type MutationLog } from "../store/mutation-log.ts";
import type { Clock } from "../store/state.ts";
import { empty, logUnavailable } from "./respond.ts";

export interface AdminWipeRouteDeps {
  log: MutationLog;
  clock: Clock;
  logger: Logger;
}

export function adminWipeRoute(deps: AdminWipeRouteDeps): (c: Context) => Promise<Response> {
  return async () => {
    deps.logger.debug("start wiping metric store");
    try {
      await deps.log.submit({ kind: "wipe", atMs: deps.clock.now() });
    } catch (err) {
      if (err instanceof LogUnavailableError) return logUnavailable(err);
      throw err;
    }
    return empty(202);
  };
}
