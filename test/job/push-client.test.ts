// pushOnce against an in-process server on a port the kernel picked.

import { afterAll, describe, expect, test } from "bun:test";
import { pushOnce } from "../../src/job/push-client.ts";

interface Seen {
  method: string;
  path: string;
  encoding: string | null;
  auth: string | null;
  body: string;
}

const seen: Seen[] = [];
let answers: number[] = [];
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(req) {
    const raw = new Uint8Array(await req.arrayBuffer());
    const body = raw.length > 0 ? new TextDecoder().decode(Bun.gunzipSync(raw)) : "";
    seen.push({ method: req.method, path: new URL(req.url).pathname, encoding: req.headers.get("content-encoding"), auth: req.headers.get("authorization"), body });
    const status = answers.shift() ?? 200;
    return new Response(status === 200 ? "" : `refused with ${status}\n`, { status });
  },
});
afterAll(() => server.stop(true));
const gateway = `http://127.0.0.1:${server.port}/`;
const http = { headers: { Authorization: "Basic eDp5" }, redirect: "follow" as const };
const fast = { budgetMs: 5_000, http, backoffMs: () => 1 };

describe("pushOnce", () => {
  test("sends the body gzipped with the headers of the HTTP client file", async () => {
    seen.length = 0;
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "PUT", body: "# TYPE a gauge\na 1\n" }, fast);
    expect(r).toEqual({ ok: true, url: `http://127.0.0.1:${server.port}/metrics/job/j`, status: 200, reason: "", attempts: 1 });
    expect(seen).toEqual([{ method: "PUT", path: "/metrics/job/j", encoding: "gzip", auth: "Basic eDp5", body: "# TYPE a gauge\na 1\n" }]);
  });

  test("5xx and 429 are retried until accepted", async () => {
    seen.length = 0;
    answers = [503, 429, 200];
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "POST", body: "" }, fast);
    expect(r.ok).toBe(true);
    expect(r.attempts).toBe(3);
  });

  test("a 4xx refusal is final and carries the gateway's message", async () => {
    seen.length = 0;
    answers = [400];
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "POST", body: "" }, fast);
    expect(r).toMatchObject({ ok: false, status: 400, attempts: 1, reason: "HTTP 400: refused with 400" });
  });

  test("retries stop when the budget is spent", async () => {
    answers = Array(1000).fill(500);
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "DELETE" }, { budgetMs: 50, http, backoffMs: () => 20 });
    answers = [];
    expect(r.ok).toBe(false);
    expect(r.attempts).toBeLessThan(10);
  });

  test("an aborted signal stops retrying after the attempt in flight", async () => {
    answers = [500, 500, 500];
    const stop = new AbortController();
    stop.abort();
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "POST", body: "" }, { ...fast, signal: stop.signal });
    answers = [];
    expect(r).toMatchObject({ ok: false, attempts: 1 });
  });
});
