// GET /-/healthy and /-/ready. The store answers synchronously and has no
// queue that could fill up, so both are always OK while the process serves;
// except /-/ready on a cluster replica that has not caught up with the log
// since it started (it would serve an old state).

import type { Context } from "hono";
import { httpError, plainText } from "./respond.ts";

export function healthRoute(ready: () => boolean = () => true): (c: Context) => Response {
  return () => (ready() ? plainText(200, "OK") : httpError(503, "Service Unavailable: catching up with the cluster log"));
}
