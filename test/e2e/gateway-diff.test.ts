// Differential suite: the same requests to dist/mon gateway and to the
// reference Pushgateway (Debian's 1.5.1), comparing status codes and then the
// parsed /metrics (families, types, HELP, series, values), leaving out push
// times and each side's own metrics. Run twice: against a single mon gateway
// and against a one-replica mon cluster on a real redis-server.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Family, parseExposition } from "../support/golden.ts";
import { type GatewayUnderTest, PUSHGATEWAY_REFERENCE, startGateway } from "../support/gateway-servers.ts";
import { type RedisUnderTest, clusterTestsMissing, startRedis } from "../support/redis-servers.ts";
import { programMissing, skipWhenMissing } from "../support/requirements.ts";
import { rawExchange } from "../support/raw-http.ts";
import { SCENARIOS, type Step } from "./gateway-scenarios.ts";

const skip = skipWhenMissing(
  "gateway differential suite",
  programMissing(PUSHGATEWAY_REFERENCE, "the reference Pushgateway: apt-get install prometheus-pushgateway"),
);

const OWN = /^(go_|process_|pushgateway_|promhttp_)/;
const PUSH_TIMES = /^push_(failure_)?time_seconds$/;

async function send(g: GatewayUnderTest, step: Step): Promise<number> {
  const res = await fetch(`${g.base}${step.path}`, { method: step.method, body: step.body, headers: step.headers });
  await res.arrayBuffer();
  return res.status;
}

/** What the comparison looks at: pushed families in full, push-time series by key only. */
function comparable(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of parseExposition(text) as Map<string, Family>) {
    if (OWN.test(name)) continue;
    if (PUSH_TIMES.test(name)) {
      out[name] = { type: f.type, help: f.help, series: [...f.samples.keys()].sort() };
      continue;
    }
    out[name] = { type: f.type, help: f.help, samples: Object.fromEntries([...f.samples].sort()) };
  }
  return out;
}

/** Runs every scenario against mon (with the flags monArgs() gives it) and the reference. */
function scenarioTests(monArgs: () => string[]): void {
  for (const scenario of SCENARIOS) {
    test(scenario.name, async () => {
      const [mon, ref] = await Promise.all([
        startGateway("mon", [...(scenario.args ?? []), ...monArgs()]),
        startGateway("reference", scenario.args),
      ]);
      try {
        const monCodes: number[] = [];
        const refCodes: number[] = [];
        for (const step of scenario.steps) {
          monCodes.push(await send(mon, step));
          refCodes.push(await send(ref, step));
        }
        expect(monCodes).toEqual(refCodes);
        if (scenario.compareMetrics !== false) {
          const [m, r] = await Promise.all([mon, ref].map(async (g) => (await fetch(`${g.base}/metrics`)).text()));
          expect(comparable(m)).toEqual(comparable(r));
        }
      } finally {
        await Promise.all([mon.stop(), ref.stop()]);
      }
    });
  }
}

describe.skipIf(skip)("gateway vs Pushgateway: differential", () => {
  test("covers at least 25 scenarios", () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(25);
  });
  scenarioTests(() => []);
});

// The same scenarios against a one-replica cluster: a push goes through the Redis log and back before it is answered.
const clusterSkip = skip || skipWhenMissing("gateway differential suite, one-replica cluster", clusterTestsMissing());

describe.skipIf(clusterSkip)("gateway vs Pushgateway: differential, one-replica cluster", () => {
  let redis: RedisUnderTest | undefined;
  let clusters = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.cleanup();
  });
  // A fresh key prefix per scenario: a fresh, empty cluster.
  scenarioTests(() => [`--store.redis.url=${redis?.url}`, `--store.redis.key-prefix=diff${++clusters}:`]);
});

describe.skipIf(skip)("gateway vs Pushgateway: where mon goes further", () => {
  test("a rejected push to {job,instance=\"\"} breaks the reference's /metrics, never mon's", async () => {
    const [mon, ref] = await Promise.all([startGateway("mon"), startGateway("reference")]);
    try {
      const steps: Step[] = [
        { method: "PUT", path: "/metrics/job/j", body: "m 1\n" },
        { method: "PUT", path: "/metrics/job/j/instance@base64/=", body: "m 1 5\n" },
      ];
      for (const step of steps) {
        await send(mon, step);
        await send(ref, step);
      }
      const refScrape = await fetch(`${ref.base}/metrics`);
      await refScrape.arrayBuffer();
      const monScrape = await fetch(`${mon.base}/metrics`);
      const body = await monScrape.text();
      console.log(`collision: reference /metrics answers ${refScrape.status}, mon answers ${monScrape.status}`);
      expect(monScrape.status).toBe(200);
      expect(comparable(body).m).toBeDefined();
    } finally {
      await Promise.all([mon.stop(), ref.stop()]);
    }
  });

  test("a summary with a quantile twice: the reference serves the series twice, mon refuses the push naming it", async () => {
    const [mon, ref] = await Promise.all([startGateway("mon"), startGateway("reference")]);
    try {
      // A stray comment between two lines of one summary: both quantile lines land in one metric.
      const step: Step = {
        method: "PUT",
        path: "/metrics/job/j",
        body: '# TYPE s summary\ns{quantile="0.5"} 1\n# a stray comment\ns{quantile="0.5"} 2\ns_sum 3\ns_count 2\n',
      };
      const refStatus = await send(ref, step);
      const refText = await (await fetch(`${ref.base}/metrics`)).text();
      const repeats = refText.split("\n").filter((l) => l.startsWith('s{instance="",job="j",quantile="0.5"}')).length;
      console.log(`quantile twice: reference answers ${refStatus} and serves the series ${repeats} times`);
      const res = await fetch(`${mon.base}${step.path}`, { method: step.method, body: step.body });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('collected metric s{instance="",job="j",quantile="0.5"} was collected before');
    } finally {
      await Promise.all([mon.stop(), ref.stop()]);
    }
  });
});

describe.skipIf(skip)("gateway vs Pushgateway: exposition text", () => {
  test("-0 is written as 0, as Go's expfmt writes it", async () => {
    const [mon, ref] = await Promise.all([startGateway("mon"), startGateway("reference")]);
    try {
      const step: Step = { method: "PUT", path: "/metrics/job/z", body: '# TYPE s summary\ns{quantile="-0"} -0\ns_sum -0\ns_count 1\nz -0\n' };
      expect(await send(mon, step)).toBe(await send(ref, step));
      const lines = async (g: GatewayUnderTest) =>
        (await (await fetch(`${g.base}/metrics`)).text()).split("\n").filter((l) => /^(s|s_sum|z)[{ ]/.test(l));
      const [m, r] = await Promise.all([lines(mon), lines(ref)]);
      expect(m).toEqual(r);
      expect(m).toContain('z{instance="",job="z"} 0');
    } finally {
      await Promise.all([mon.stop(), ref.stop()]);
    }
  });
});

describe.skipIf(skip)("gateway vs Pushgateway: protocol edges", () => {
  test("an empty job (PUT /metrics/job/): the same status and Location", async () => {
    const [mon, ref] = await Promise.all([startGateway("mon"), startGateway("reference")]);
    try {
      const paths = ["/metrics/job/", "/metrics/job/?a=1", "/metrics/job@base64/", "/metrics/job"];
      for (const method of ["PUT", "POST", "DELETE", "GET", "OPTIONS"]) {
        for (const path of paths) {
          const answer = async (g: GatewayUnderTest) => {
            const body = method === "PUT" || method === "POST" ? "a 1\n" : undefined;
            const res = await fetch(`${g.base}${path}`, { method, body, redirect: "manual" });
            await res.arrayBuffer();
            return `${method} ${path}: ${res.status} ${res.headers.get("location")}`;
          };
          expect(await answer(mon)).toBe(await answer(ref));
        }
      }
    } finally {
      await Promise.all([mon.stop(), ref.stop()]);
    }
  });

  test("HTTP/1.0 without a Host header is served", async () => {
    const [mon, ref] = await Promise.all([startGateway("mon"), startGateway("reference")]);
    try {
      for (const path of ["/-/healthy", "/metrics", "/api/v1/status"]) {
        const status = async (g: GatewayUnderTest) => (await rawExchange(g.base, `GET ${path} HTTP/1.0\r\n\r\n`)).split("\r\n")[0].split(" ")[1];
        expect(`${path} ${await status(mon)}`).toBe(`${path} ${await status(ref)}`);
      }
      const push = `PUT /metrics/job/old HTTP/1.0\r\nContent-Length: 4\r\n\r\nx 1\n`;
      expect((await rawExchange(mon.base, push)).split(" ")[1]).toBe((await rawExchange(ref.base, push)).split(" ")[1]);
      expect(await (await fetch(`${mon.base}/metrics`)).text()).toContain('x{instance="",job="old"} 1');
    } finally {
      await Promise.all([mon.stop(), ref.stop()]);
    }
  });
});
