// PUT|POST /-/quit: graceful shutdown when --web.enable-lifecycle is set.

import type { Context } from "hono";
import type { Logger } from "../../telemetry/logger.ts";
import { plainText } from "./respond.ts";

export interface QuitRouteDeps {
  lifecycleEnabled: boolean;
  logger: Logger;
  /** Starts the shutdown; in-flight requests, this one included, still finish. */
  requestShutdown: () => void;
}

export function quitRoute(deps: QuitRouteDeps): (c: Context) => Response {
  return () => {
    if (!deps.lifecycleEnabled) return plainText(403, "Lifecycle API is not enabled.");
    deps.logger.warn("received termination request via web service, exiting gracefully...");
    // Let the answer be built and sent before the listeners stop.
    setTimeout(deps.requestShutdown, 0);
    return plainText(200, "Requesting termination... Goodbye!");
  };
}

/** GET /-/quit (at the root, whatever the route prefix) answers 405 with this text. */
export function quitWrongMethodRoute(): (c: Context) => Response {
  return () => plainText(405, "Only POST or PUT requests allowed.");
}
