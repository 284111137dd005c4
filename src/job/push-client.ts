// Sends one push to one gateway with bounded retries: connection failures,
// 5xx and 429 are retried with doubling backoff until the budget
// (--push.timeout) is spent; any other refusal is final, because sending the
// same body again cannot change the answer. Never throws: the caller gets a
// result to report, and a job's exit code never depends on it.

import type { HttpClientOptions } from "./http-client-config.ts";

export type PushMethod = "PUT" | "POST" | "DELETE";

export interface PushRequest {
  /** The gateway's base URL as the operator gave it, e.g. http://gw:9091 or http://gw/prefix. */
  gateway: string;
  /** "/metrics/job/..." */
  path: string;
  method: PushMethod;
  /** Text exposition; gzipped on the wire. Absent for DELETE. */
  body?: string;
}

export interface PushResult {
  ok: boolean;
  url: string;
  /** HTTP status of the last attempt; 0 when no answer came. */
  status: number;
  /** Why it failed: the gateway's message or the connection error. */
  reason: string;
  attempts: number;
}

export interface PushOptions {
  budgetMs: number;
  http: HttpClientOptions;
  /** Stops the push, the attempt in flight included; used when a newer push supersedes this one. */
  signal?: AbortSignal;
  /** For tests: the delay before retry n (1-based). */
  backoffMs?: (retry: number) => number;
}

const MAX_ATTEMPT_MS = 10_000;

export function defaultBackoffMs(retry: number): number {
  return Math.min(500 * 2 ** (retry - 1), 8_000);
}

export function pushUrl(gateway: string, path: string): string {
  return gateway.replace(/\/+$/, "") + path;
}

function retryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

// A certificate the client does not trust stays untrusted however often it
// is shown: OpenSSL's verify codes (DEPTH_ZERO_SELF_SIGNED_CERT,
// CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...) and Node's
// ERR_TLS_* are final, unlike refused connections and timeouts.
function permanentConnectionError(err: Error & { code?: string }): boolean {
  const code = err.code ?? "";
  return /CERT|SIGNATURE|^ERR_TLS_/.test(code);
}

export async function pushOnce(req: PushRequest, options: PushOptions): Promise<PushResult> {
  const url = pushUrl(req.gateway, req.path);
  const deadline = Date.now() + options.budgetMs;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const body = req.body === undefined ? undefined : Bun.gzipSync(new TextEncoder().encode(req.body));
  const headers: Record<string, string> = { ...options.http.headers };
  if (body) {
    headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8";
    headers["Content-Encoding"] = "gzip";
  }
  let attempts = 0;
  for (;;) {
    attempts++;
    const left = deadline - Date.now();
    let status = 0;
    let reason: string;
    let final = false;
    try {
      const res = await fetch(url, {
        method: req.method,
        headers,
        body,
        redirect: options.http.redirect,
        tls: options.http.tls,
        signal: AbortSignal.any([AbortSignal.timeout(Math.max(1, Math.min(left, MAX_ATTEMPT_MS))), ...(options.signal ? [options.signal] : [])]),
      });
      status = res.status;
      const text = (await res.text()).trim();
      if (status >= 200 && status < 300) return { ok: true, url, status, reason: "", attempts };
      reason = `HTTP ${status}${text === "" ? "" : `: ${text.slice(0, 500)}`}`;
    } catch (err) {
      const e = err as Error;
      reason = e.name === "TimeoutError" ? "no answer in time" : e.name === "AbortError" ? "superseded by a newer push" : e.message;
      final = permanentConnectionError(e);
    }
    const wait = backoff(attempts);
    if (final || !retryable(status) || options.signal?.aborted || Date.now() + wait >= deadline) {
      return { ok: false, url, status, reason, attempts };
    }
    await Bun.sleep(wait);
    if (options.signal?.aborted) return { ok: false, url, status, reason, attempts };
  }
}

/** The same push to every gateway, in parallel. */
export function pushAll(gateways: readonly string[], req: Omit<PushRequest, "gateway">, options: PushOptions): Promise<PushResult[]> {
  return Promise.all(gateways.map((gateway) => pushOnce({ ...req, gateway }, options)));
}
