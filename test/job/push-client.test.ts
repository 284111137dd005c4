// pushOnce against an in-process recorder on a port the kernel picked.

import { afterAll, describe, expect, test } from "bun:test";
import { pushOnce } from "../../src/job/push-client.ts";
import { startRecorder } from "../support/job-client.ts";

const recorder = startRecorder();
afterAll(() => recorder.stop());
const seen = recorder.requests;
const gateway = `${recorder.url}/`;
const http = { headers: { Authorization: "Basic eDp5" }, redirect: "follow" as const };
const fast = { budgetMs: 5_000, http, backoffMs: () => 1 };

describe("pushOnce", () => {
  test("sends the body gzipped with the headers of the HTTP client file", async () => {
    seen.length = 0;
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "PUT", body: "# TYPE a gauge\na 1\n" }, fast);
    expect(r).toEqual({ ok: true, url: `${recorder.url}/metrics/job/j`, status: 200, reason: "", attempts: 1 });
    expect(seen).toEqual([{ method: "PUT", path: "/metrics/job/j", encoding: "gzip", auth: "Basic eDp5", body: "# TYPE a gauge\na 1\n" }]);
  });

  test("5xx and 429 are retried until accepted", async () => {
    seen.length = 0;
    recorder.answers.push(503, 429, 200);
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "POST", body: "" }, fast);
    expect(r.ok).toBe(true);
    expect(r.attempts).toBe(3);
  });

  test("a 4xx refusal is final and carries the gateway's message", async () => {
    seen.length = 0;
    recorder.answers.push(400);
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "POST", body: "" }, fast);
    expect(r).toMatchObject({ ok: false, status: 400, attempts: 1, reason: "HTTP 400: refused with 400" });
  });

  test("retries stop when the budget is spent", async () => {
    recorder.answers.push(...Array(1000).fill(500));
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "DELETE" }, { budgetMs: 50, http, backoffMs: () => 20 });
    recorder.answers.length = 0;
    expect(r.ok).toBe(false);
    expect(r.attempts).toBeLessThan(10);
  });

  test("an aborted signal stops the push, the attempt in flight included", async () => {
    recorder.answers.push(500, 500, 500);
    const stop = new AbortController();
    stop.abort();
    const r = await pushOnce({ gateway, path: "/metrics/job/j", method: "POST", body: "" }, { ...fast, signal: stop.signal });
    recorder.answers.length = 0;
    expect(r).toMatchObject({ ok: false, attempts: 1 });
  });
});
