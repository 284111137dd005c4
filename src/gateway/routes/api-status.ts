// GET <prefix>/api/v1/status: build information, flags and start time.

import type { Context } from "hono";
import { buildInfo } from "../../version.ts";
import { apiSuccess, rfc3339 } from "./api-cors.ts";

export interface ApiStatusRouteDeps {
  /** Flag name -> value as the command line parser shows it. */
  flags: Record<string, string>;
  startTimeMs: number;
}

export function apiStatusRoute(deps: ApiStatusRouteDeps): (c: Context) => Response {
  return () => {
    const b = buildInfo();
    return apiSuccess({
      build_information: {
        branch: b.branch,
        buildDate: b.buildDate,
        buildUser: "",
        goVersion: `bun${b.bunVersion}`,
        revision: b.revision,
        version: b.version,
      },
      flags: deps.flags,
      start_time: rfc3339(deps.startTimeMs),
    });
  };
}
