// GET /-/healthy and /-/ready. The store answers synchronously and has no
// queue that could fill up, so both are always OK while the process serves.

import type { Context } from "hono";
import { plainText } from "./respond.ts";

export function healthRoute(): (c: Context) => Response {
  return () => plainText(200, "OK");
}
