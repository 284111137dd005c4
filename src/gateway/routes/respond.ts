// Plain-text answers shaped like Go's net/http ones (http.Error and friends),
// shared by every gateway route.

import type { LogUnavailableError } from "../store/mutation-log.ts";

const TEXT = "text/plain; charset=utf-8";

/** http.Error: the message plus a newline, nosniff. */
export function httpError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": TEXT, "X-Content-Type-Options": "nosniff", ...headers },
  });
}

/** A body written as is (io.WriteString), content type sniffed to text by Go. */
export function plainText(status: number, body: string): Response {
  return new Response(body, { status, headers: { "Content-Type": TEXT } });
}

/** 503 for a mutation the log could not take: says why, and when to try again. */
export function logUnavailable(err: LogUnavailableError): Response {
  return httpError(503, `503 Service Unavailable: ${err.message}`, { "Retry-After": String(err.retryAfterSeconds) });
}

/** A status with no body at all (Go then sends no Content-Type). */
export function empty(status: number): Response {
  return new Response(null, { status });
}
