// PUT <prefix>/api/v1/admin/wipe (with --web.enable-admin-api): delete every group.

import type { Context } from "hono";
import type { Logger } from "../../log/logger.ts";
import type { GatewayStore } from "../store.ts";
import { empty } from "./respond.ts";

export interface AdminWipeRouteDeps {
  store: GatewayStore;
  logger: Logger;
}

export function adminWipeRoute(deps: AdminWipeRouteDeps): (c: Context) => Response {
  return () => {
    deps.logger.debug("start wiping metric store");
    deps.store.wipe();
    return empty(202);
  };
}
