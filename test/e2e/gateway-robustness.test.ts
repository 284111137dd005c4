// Robustness: 1,000 mutated or random pushes against dist/mon gateway. Every
// answer must be one of 200, 202, 400, 404, 405; the process stays up; and
// /metrics still parses after every single request.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseText } from "../../src/metrics/text-parser.ts";
import { encodeDelimited } from "../../src/metrics/protobuf-encoder.ts";
import { type GatewayUnderTest, startGateway } from "../support/gateway-servers.ts";

const ALLOWED = new Set([200, 202, 400, 404, 405]);
const CASES = 1000;

// A small deterministic PRNG (mulberry32), so a failure can be replayed.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  '# HELP m A metric.\n# TYPE m counter\nm{a="1"} 1\nm{a="2"} 2\n',
  '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 2\ns_count 3\n',
  '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n',
  'plain 1\nwith_labels{job="x",instance="y",z="\\"q\\""} NaN\n',
  "push_time_seconds 5\n# TYPE g gauge\ng -Inf\n",
];
const SEGMENTS = ["job", "a", "instance", "", "x@base64", "=", "Zm9v", "%2F", "%ZZ", "__r", "1x", "job@base64", "é", "..", "b"];
const METHODS = ["PUT", "PUT", "POST", "POST", "DELETE", "GET", "PATCH", "HEAD"];
const PROTOBUF = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

function mutate(bytes: Uint8Array, r: () => number): Uint8Array<ArrayBuffer> {
  const out = [...bytes];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (out.length + 1));
    switch (Math.floor(r() * 5)) {
      case 0:
        if (out.length) out[at % out.length] ^= 1 << Math.floor(r() * 8);
        break;
      case 1:
        out.splice(at, 0, Math.floor(r() * 256));
        break;
      case 2:
        out.splice(at, 1 + Math.floor(r() * 8));
        break;
      case 3:
        out.length = at;
        break;
      default:
        out.splice(at, 0, ...out.slice(0, Math.floor(r() * 20)));
    }
  }
  return new Uint8Array(out);
}

function makeCase(i: number): { method: string; path: string; body?: Uint8Array; headers: Record<string, string> } {
  const r = rng(i + 1);
  const method = METHODS[Math.floor(r() * METHODS.length)];
  const segs = Array.from({ length: Math.floor(r() * 6) }, () => SEGMENTS[Math.floor(r() * SEGMENTS.length)]);
  const path = r() < 0.7 ? `/metrics/job/j${i % 7}/${segs.join("/")}` : `/${segs.join("/")}`;
  const headers: Record<string, string> = {};
  let body: Uint8Array | undefined;
  if (method === "PUT" || method === "POST") {
    const seed = new TextEncoder().encode(SEEDS[Math.floor(r() * SEEDS.length)]);
    const kind = r();
    if (kind < 0.55) body = mutate(seed, r);
    else if (kind < 0.7) body = Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256));
    else if (kind < 0.8) {
      headers["Content-Encoding"] = "gzip";
      body = r() < 0.5 ? Bun.gzipSync(mutate(seed, r)) : mutate(Bun.gzipSync(seed), r);
    } else if (kind < 0.9) {
      headers["Content-Type"] = PROTOBUF;
      const pb = encodeDelimited([{ name: `pb${i % 3}`, help: "h", type: "gauge", metrics: [{ labels: { l: String(i) }, value: i }] }]);
      body = r() < 0.3 ? pb : mutate(pb, r);
    } else {
      headers["Content-Encoding"] = "snappy";
      body = mutate(seed, r);
    }
  } else if (method === "DELETE" && r() < 0.2) {
    body = new TextEncoder().encode("unexpected body\n");
  }
  return { method, path, body, headers };
}

describe("gateway robustness", () => {
  let gw: GatewayUnderTest;
  beforeAll(async () => {
    gw = await startGateway("mon");
  });
  afterAll(async () => {
    await gw?.stop();
  });

  test(`${CASES} mutated or random requests`, async () => {
    const bad: string[] = [];
    const codes = new Map<number, number>();
    for (let i = 0; i < CASES; i++) {
      const c = makeCase(i);
      const res = await fetch(`${gw.base}${c.path}`, { method: c.method, body: c.body, headers: c.headers });
      await res.arrayBuffer();
      codes.set(res.status, (codes.get(res.status) ?? 0) + 1);
      if (!ALLOWED.has(res.status)) bad.push(`case ${i}: ${c.method} ${c.path} -> ${res.status}`);
      const scrape = await fetch(`${gw.base}/metrics`);
      const text = await scrape.text();
      if (scrape.status !== 200) bad.push(`case ${i}: /metrics answered ${scrape.status}`);
      else {
        try {
          parseText(text);
        } catch (err) {
          bad.push(`case ${i}: /metrics does not parse: ${(err as Error).message}`);
        }
      }
      if (bad.length > 10) break;
    }
    console.log(`robustness: status counts ${JSON.stringify(Object.fromEntries(codes))}`);
    expect(bad).toEqual([]);
    expect(gw.proc.exitCode).toBeNull();
  }, 120_000);
});
