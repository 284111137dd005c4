// DELETE <prefix>/metrics/job/<job>{/<label>/<value>}: drop a group. 202
// whether or not it existed; applied before the answer, so a later request
// already sees it gone.

import type { Context } from "hono";
import type { Logger } from "../../log/logger.ts";
import { GroupingKeyError, parseGroupingKey } from "../grouping-key.ts";
import type { GatewayStore } from "../store.ts";
import { empty, httpError } from "./respond.ts";

export interface DeleteRouteDeps {
  store: GatewayStore;
  logger: Logger;
}

export function deleteRoute(deps: DeleteRouteDeps): (c: Context, keyPath: string) => Response {
  return (_c, keyPath) => {
    try {
      const key = parseGroupingKey(keyPath);
      if (!key) return httpError(404, "404 page not found");
      deps.store.delete(key);
      return empty(202);
    } catch (err) {
      if (!(err instanceof GroupingKeyError)) throw err;
      deps.logger.debug("bad delete", { err: err.message });
      return httpError(400, err.message);
    }
  };
}
