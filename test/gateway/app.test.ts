import { describe, expect, test } from "bun:test";
import { createGatewayApp, type GatewayAppDeps } from "../../src/gateway/app.ts";
import { type Clock, GatewayStore } from "../../src/gateway/store/state.ts";
import { GatewayTelemetry } from "../../src/gateway/telemetry.ts";
import { decodeDelimited, encodeDelimited } from "../../src/metrics/protobuf-decoder.ts";
import { snappyFramed } from "../support/snappy-frames.ts";

class FakeClock implements Clock {
  constructor(public ms = 1_700_000_000_000) {}
  now(): number {
    return this.ms;
  }
}

function gateway(deps: GatewayAppDeps & { ttlMs?: number } = {}) {
  const clock = (deps.clock as FakeClock | undefined) ?? new FakeClock();
  let store: GatewayStore | undefined;
  const telemetry = new GatewayTelemetry({ ttlEnabled: (deps.ttlMs ?? 0) > 0, expiredTotal: () => store?.expiredTotal ?? 0 });
  store = new GatewayStore({ clock, reserved: telemetry.reservedFamilies(), ttlMs: deps.ttlMs });
  let quits = 0;
  const app = createGatewayApp({ clock, store, telemetry, requestShutdown: () => quits++, ...deps });
  const req = (method: string, path: string, body?: Bun.BodyInit, headers: Record<string, string> = {}) =>
    app.request(`http://gw${path}`, { method, body, headers });
  return { app, store: store as GatewayStore, clock, telemetry, req, quits: () => quits };
}

async function scrape(req: ReturnType<typeof gateway>["req"]): Promise<string> {
  const res = await req("GET", "/metrics");
  expect(res.status).toBe(200);
  return res.text();
}

describe("status codes", () => {
  const rows: [string, string, string | undefined, number, string | undefined][] = [
    ["PUT", "/metrics/job/a", "foo 1\n", 200, ""],
    ["POST", "/metrics/job/a/instance/i", "foo 1\n", 200, ""],
    ["DELETE", "/metrics/job/a", undefined, 202, ""],
    ["DELETE", "/metrics/job/never-pushed", undefined, 202, ""],
    ["GET", "/metrics/job/a", undefined, 405, "Method Not Allowed\n"],
    ["PATCH", "/metrics/job/a", "x", 405, "Method Not Allowed\n"],
    ["PUT", "/metrics/job/a/b", "foo 1\n", 400, 'odd number of components in label string "/b"\n'],
    ["PUT", "/metrics/job@base64/=", "foo 1\n", 400, "job name is required\n"],
    ["PUT", "/metrics/job/a/__x/1", "foo 1\n", 400, 'improper label name "__x"\n'],
    ["PUT", "/metrics/job/a", "foo 1", 400, undefined],
    ["PUT", "/metrics/job/a", "foo 1\r\n", 400, undefined],
    ["PUT", "/metrics/job/a", "foo 1 123\n", 400, "pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must not have timestamps\n"],
    ["PUT", "/metrics/jobs/a", "foo 1\n", 404, "404 page not found\n"],
    ["PUT", "/metrics", "foo 1\n", 405, "Method Not Allowed\n"],
    ["HEAD", "/metrics", undefined, 405, ""],
    ["GET", "/-/healthy", undefined, 200, "OK"],
    ["GET", "/-/ready", undefined, 200, "OK"],
    ["POST", "/-/healthy", undefined, 405, "Method Not Allowed\n"],
    ["PUT", "/-/quit", undefined, 403, "Lifecycle API is not enabled."],
    ["POST", "/-/quit", undefined, 403, "Lifecycle API is not enabled."],
    ["GET", "/-/quit", undefined, 405, "Only POST or PUT requests allowed."],
    ["PUT", "/api/v1/admin/wipe", undefined, 404, "404 page not found\n"],
    ["GET", "/api/v1/nothing", undefined, 404, "404 page not found\n"],
    ["OPTIONS", "/api/v1/nothing", undefined, 200, ""],
    ["POST", "/api/v1/status", undefined, 405, "Method Not Allowed\n"],
    ["GET", "/nothing", undefined, 404, "404 page not found\n"],
    ["GET", "/", undefined, 200, undefined],
    ["GET", "/status", undefined, 200, undefined],
    ["OPTIONS", "/metrics/job/a", undefined, 200, ""],
    // Edges of the router: bare parents of catch-all paths, decoding before routing.
    ["PUT", "/metrics/job", "foo 1\n", 404, "404 page not found\n"],
    ["GET", "/metrics/job@base64", undefined, 404, "404 page not found\n"],
    ["OPTIONS", "/api/v1", undefined, 404, "404 page not found\n"],
    ["OPTIONS", "/api/v1/", undefined, 200, ""],
    ["PUT", "/metrics/job/", "foo 1\n", 307, ""],
    ["DELETE", "/metrics/job/", undefined, 307, ""],
    ["GET", "/metrics/job/", undefined, 404, "404 page not found\n"],
    ["PUT", "/metrics/job@base64/", "foo 1\n", 404, "404 page not found\n"],
    ["PUT", "/metrics/job/a%2Fb", "foo 1\n", 400, 'odd number of components in label string "/b"\n'],
    ["GET", "/%2Dp/healthy", undefined, 404, "404 page not found\n"],
    ["GET", "/%2D/healthy", undefined, 200, "OK"],
    ["PUT", "/metrics/job/a%ZZ", "foo 1\n", 400, '400 Bad Request: invalid URL escape "%ZZ"\n'],
    ["GET", "/%FF", undefined, 400, undefined],
  ];
  for (const [method, path, body, status, text] of rows) {
    test(`${method} ${path} -> ${status}`, async () => {
      const { req } = gateway();
      const res = await req(method, path, body);
      expect(res.status).toBe(status);
      if (text !== undefined) expect(await res.text()).toBe(text);
    });
  }

  test("405 names the allowed methods", async () => {
    const { req } = gateway();
    expect((await req("GET", "/metrics/job/a")).headers.get("allow")).toBe("DELETE, OPTIONS, POST, PUT");
    expect((await req("HEAD", "/metrics")).headers.get("allow")).toBe("GET, OPTIONS");
  });

  test("parse errors name the line", async () => {
    const { req } = gateway();
    const res = await req("PUT", "/metrics/job/a", "# TYPE foo gauge\nfoo 1\nfoo{ 2\n");
    expect(res.status).toBe(400);
    expect(await res.text()).toStartWith("text format parsing error in line 3:");
  });

  test("lifecycle API: quit answers and requests a shutdown", async () => {
    const g = gateway({ lifecycleEnabled: true });
    const res = await g.req("PUT", "/-/quit");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("Requesting termination... Goodbye!");
    await Bun.sleep(5);
    expect(g.quits()).toBe(1);
  });

  test("admin API: wipe answers 202 and empties the store", async () => {
    const { req, store } = gateway({ adminApiEnabled: true });
    await req("PUT", "/metrics/job/a", "foo 1\n");
    const res = await req("PUT", "/api/v1/admin/wipe");
    expect(res.status).toBe(202);
    expect(store.size).toBe(0);
    expect((await req("GET", "/api/v1/admin/wipe")).status).toBe(405);
  });

  test("--push.disable-consistency-check answers 202 for every push, but still keeps /metrics sane", async () => {
    const { req } = gateway({ consistencyCheckDisabled: true });
    expect((await req("PUT", "/metrics/job/a", "foo 1\n")).status).toBe(202);
    expect((await req("PUT", "/metrics/job/b", "# TYPE foo counter\nfoo 1\n")).status).toBe(202);
    expect((await req("PUT", "/metrics/job/b", "foo 1\n")).status).toBe(202);
    const text = await scrape(req);
    expect(text).toContain('foo{instance="",job="a"} 1');
    expect(text).toContain("# TYPE foo untyped");
  });
});

describe("route prefix and external URL", () => {
  const rows: [GatewayAppDeps, string, string][] = [
    [{ routePrefix: "/pg" }, "/pg/metrics/job/a", "/pg/metrics"],
    [{ routePrefix: "pg/" }, "/pg/metrics/job/a", "/pg/metrics"],
    [{ externalUrl: "http://example.com/ext/" }, "/ext/metrics/job/a", "/ext/metrics"],
    [{ externalUrl: "http://example.com/ext/", routePrefix: "/" }, "/metrics/job/a", "/metrics"],
    [{ routePrefix: "/pg", telemetryPath: "/own" }, "/pg/metrics/job/a", "/pg/own"],
  ];
  for (const [deps, pushPath, metricsPath] of rows) {
    test(`${JSON.stringify(deps)}: push at ${pushPath}, scrape at ${metricsPath}`, async () => {
      const { req } = gateway(deps);
      expect((await req("PUT", pushPath, "foo 1\n")).status).toBe(200);
      const res = await req("GET", metricsPath);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('foo{instance="",job="a"} 1');
    });
  }

  test("with a prefix, unprefixed paths are unknown, and GET /-/quit stays at the root", async () => {
    const { req } = gateway({ routePrefix: "/pg" });
    expect((await req("PUT", "/metrics/job/a", "foo 1\n")).status).toBe(404);
    expect((await req("GET", "/pg/-/healthy")).status).toBe(200);
    expect((await req("GET", "/-/quit")).status).toBe(405);
    expect((await req("GET", "/pg/api/v1/status")).status).toBe(200);
    const redirect = await req("GET", "/pg");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/pg/");
  });

  test("push paths do not move with --web.telemetry-path", async () => {
    const { req } = gateway({ telemetryPath: "/own-metrics" });
    expect((await req("PUT", "/metrics/job/a", "foo 1\n")).status).toBe(200);
    expect((await req("GET", "/metrics")).status).toBe(404);
    expect(await (await req("GET", "/own-metrics")).text()).toContain("foo{");
  });
});

describe("pushing and scraping", () => {
  test("percent-encoding and base64 in the grouping key", async () => {
    const { req } = gateway();
    expect((await req("PUT", "/metrics/job/a%20b/path@base64/L3Zhci90bXA", "foo 1\n")).status).toBe(200);
    expect(await scrape(req)).toContain('foo{instance="",job="a b",path="/var/tmp"} 1');
  });

  test("PUT replaces the group, POST only the named families, DELETE the group", async () => {
    const { req } = gateway();
    await req("PUT", "/metrics/job/a", "x 1\ny 1\n");
    await req("POST", "/metrics/job/a", "y 2\n");
    let text = await scrape(req);
    expect(text).toContain('x{instance="",job="a"} 1');
    expect(text).toContain('y{instance="",job="a"} 2');
    await req("PUT", "/metrics/job/a", "z 3\n");
    text = await scrape(req);
    expect(text).not.toContain("x{");
    expect(text).toContain('z{instance="",job="a"} 3');
    await req("DELETE", "/metrics/job/a");
    text = await scrape(req);
    expect(text).not.toContain('job="a"');
  });

  test("push time metrics", async () => {
    const { req, clock } = gateway();
    await req("PUT", "/metrics/job/a", "x 1\n");
    clock.ms += 2500;
    await req("PUT", "/metrics/job/a", "x 1 5\n");
    const text = await scrape(req);
    expect(text).toContain('push_time_seconds{instance="",job="a"} 1.7e+09\n');
    expect(text).toContain('push_failure_time_seconds{instance="",job="a"} 1.7000000025e+09\n');
    expect(text).toContain("# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.\n");
  });

  test("the collision case ({job} then a failed push to {job,instance=''}) never breaks /metrics", async () => {
    const { req } = gateway();
    await req("PUT", "/metrics/job/j", "a 1\n");
    const res = await req("PUT", "/metrics/job/j/instance/", "b 1\n");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("was collected before with the same name and label values");
    const bad = await req("PUT", "/metrics/job/j/instance/", "b 1 123\n");
    expect(bad.status).toBe(400);
    const text = await scrape(req);
    expect(text.match(/^push_time_seconds\{instance="",job="j"\}/gm)?.length).toBe(1);
  });

  test("consistency errors come back as 400 with the reason", async () => {
    const { req } = gateway();
    await req("PUT", "/metrics/job/a", "# TYPE m gauge\nm 1\n");
    const res = await req("PUT", "/metrics/job/b", "# TYPE m counter\nm 1\n");
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(
      "pushed metrics are invalid or inconsistent with existing metrics: gathered metric family m has type COUNTER but should have GAUGE\n",
    );
    const own = await req("PUT", "/metrics/job/b", "# TYPE process_cpu_seconds_total gauge\nprocess_cpu_seconds_total 1\n");
    expect(own.status).toBe(400);
  });

  test("gzip and snappy bodies", async () => {
    const { req } = gateway();
    const gz = Bun.gzipSync(new TextEncoder().encode("gz 1\n"));
    expect((await req("PUT", "/metrics/job/gz", gz, { "Content-Encoding": "gzip" })).status).toBe(200);
    const sn = snappyFramed("sn 2\n");
    expect((await req("PUT", "/metrics/job/sn", sn, { "Content-Encoding": "SNAPPY" })).status).toBe(200);
    const text = await scrape(req);
    expect(text).toContain('gz{instance="",job="gz"} 1');
    expect(text).toContain('sn{instance="",job="sn"} 2');
    const badGz = await req("PUT", "/metrics/job/x", "not gzip", { "Content-Encoding": "gzip" });
    expect(badGz.status).toBe(400);
    expect(await badGz.text()).toBe("gzip: invalid header\n");
    const badSn = await req("PUT", "/metrics/job/x", new Uint8Array([1, 2, 3, 4]), { "Content-Encoding": "snappy" });
    expect(badSn.status).toBe(400);
    expect(await badSn.text()).toStartWith("snappy: corrupt input");
  });

  test("limits: 413 with a message naming the flag, and nothing stored", async () => {
    const { req, store } = gateway({ pushLimits: { maxBodyBytes: 100, maxSeries: 2 } });
    const big = await req("PUT", "/metrics/job/big", `big 1\n# ${"x".repeat(200)}\n`);
    expect(big.status).toBe(413);
    expect(await big.text()).toBe("push body is larger than 100 bytes after decompression (--push.max-body-bytes)\n");
    const many = await req("PUT", "/metrics/job/many", "a 1\nb 2\nc 3\n");
    expect(many.status).toBe(413);
    expect(await many.text()).toBe("push holds more than 2 series (--push.max-series)\n");
    expect((await req("PUT", "/metrics/job/ok", "a 1\nb 2\n")).status).toBe(200);
    expect(store.group({ job: "many" })).toBeUndefined();
  });

  test("protobuf push and protobuf scrape", async () => {
    const { req } = gateway();
    const body = encodeDelimited([
      { name: "pb", type: "counter", help: "from protobuf", metrics: [{ labels: { a: "1" }, value: 4 }] },
    ]);
    const res = await req("PUT", "/metrics/job/p", body, {
      "Content-Type": "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
    });
    expect(res.status).toBe(200);
    expect(await scrape(req)).toContain('# HELP pb from protobuf\n# TYPE pb counter\npb{a="1",instance="",job="p"} 4\n');
    const pbRes = await req("GET", "/metrics", undefined, {
      Accept: "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
    });
    expect(pbRes.headers.get("content-type")).toStartWith("application/vnd.google.protobuf");
    const families = decodeDelimited(new Uint8Array(await pbRes.arrayBuffer()));
    expect(families.find((f) => f.name === "pb")?.metrics[0].value).toBe(4);
  });

  test("text scrape: content type, sorting, own metrics, gzip", async () => {
    const { req } = gateway();
    await req("PUT", "/metrics/job/b", "m{v=\"2\"} 2\n");
    await req("PUT", "/metrics/job/a", "m{v=\"1\"} 1e6\n");
    const res = await req("GET", "/metrics");
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8; escaping=underscores");
    const text = await res.text();
    expect(text).toContain('m{instance="",job="a",v="1"} 1e+06\nm{instance="",job="b",v="2"} 2\n');
    expect(text).toContain("# TYPE pushgateway_build_info gauge");
    expect(text).toContain('pushgateway_http_requests_total{code="200",handler="push",method="put"} 2');
    expect(text).toContain('pushgateway_http_push_duration_seconds{method="put",quantile="0.5"}');
    expect(text).toContain('pushgateway_http_push_size_bytes_count{method="put"} 2');
    expect(text).toContain("# TYPE promhttp_metric_handler_requests_total counter");
    const names = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
    expect(names).toEqual([...names].sort());
    const gz = await req("GET", "/metrics", undefined, { "Accept-Encoding": "gzip, deflate" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    const plain = new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await gz.arrayBuffer())));
    expect(plain).toContain('m{instance="",job="b",v="2"} 2');
  });

  test("a pushed family with an own name gets the own HELP", async () => {
    const { req } = gateway();
    await req("PUT", "/metrics/job/a", "# HELP pushgateway_http_requests_total mine\n# TYPE pushgateway_http_requests_total counter\npushgateway_http_requests_total 5\n");
    const text = await scrape(req);
    expect(text).toContain("# HELP pushgateway_http_requests_total Total HTTP requests processed by the Pushgateway, excluding scrapes.\n");
    expect(text).toContain('pushgateway_http_requests_total{instance="",job="a"} 5');
  });
});

describe("--push.ttl", () => {
  test("stale groups disappear from /metrics and are counted", async () => {
    const clock = new FakeClock();
    const { req } = gateway({ clock, ttlMs: 60_000 });
    await req("PUT", "/metrics/job/old", "x 1\n");
    clock.ms += 61_000;
    await req("PUT", "/metrics/job/new", "y 1\n");
    const text = await scrape(req);
    expect(text).not.toContain('job="old"');
    expect(text).toContain('y{instance="",job="new"} 1');
    expect(text).toContain("pushgateway_groups_expired_total 1\n");
    expect(text).toContain("# HELP pushgateway_groups_expired_total Groups dropped because");
  });

  test("without a TTL the expiry counter is not exposed", async () => {
    const { req } = gateway();
    expect(await scrape(req)).not.toContain("pushgateway_groups_expired_total");
  });
});

/** The JSON of /api/v1/status and /api/v1/metrics, as far as these tests read it. */
interface ApiStatusJson {
  status: string;
  data: { flags: Record<string, string>; start_time: string; build_information: Record<string, string> };
}
interface ApiFamilyJson {
  time_stamp: string;
  type: string;
  help?: string;
  metrics: Record<string, unknown>[];
}
interface ApiGroupJson {
  labels: Record<string, string>;
  last_push_successful: boolean;
  /** The group's families, by name. */
  [family: string]: unknown;
}
interface ApiMetricsJson {
  status: string;
  data: ApiGroupJson[];
}

describe("JSON API", () => {
  test("status", async () => {
    const { req } = gateway({ flags: { "web.listen-address": "[:9091]", "persistence.interval": "5m0s" }, startTimeMs: Date.UTC(2024, 0, 1) });
    const res = await req("GET", "/api/v1/status");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as ApiStatusJson;
    expect(body.status).toBe("success");
    expect(body.data.flags).toEqual({ "web.listen-address": "[:9091]", "persistence.interval": "5m0s" });
    expect(body.data.start_time).toBe("2024-01-01T00:00:00Z");
    expect(Object.keys(body.data.build_information).sort()).toEqual(["branch", "buildDate", "buildUser", "goVersion", "revision", "version"]);
  });

  test("metrics", async () => {
    const { req, clock } = gateway();
    clock.ms = Date.UTC(2024, 0, 1, 12, 0, 0, 500);
    await req(
      "PUT",
      "/metrics/job/a/instance/i",
      "# HELP g a gauge\n# TYPE g gauge\ng{x=\"1\"} 1.5\n# TYPE s summary\ns{quantile=\"0.5\"} 2\ns_sum 3\ns_count 4\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1e6\nh_count 2\n",
    );
    const body = (await (await req("GET", "/api/v1/metrics")).json()) as ApiMetricsJson;
    expect(body.status).toBe("success");
    expect(body.data.length).toBe(1);
    const group = body.data[0];
    const family = (name: string) => group[name] as ApiFamilyJson;
    expect(group.labels).toEqual({ job: "a", instance: "i" });
    expect(group.last_push_successful).toBe(true);
    expect(family("g")).toEqual({
      time_stamp: "2024-01-01T12:00:00.5Z",
      type: "GAUGE",
      help: "a gauge",
      metrics: [{ labels: { instance: "i", job: "a", x: "1" }, value: "1.5" }],
    });
    expect(family("s").help).toBeUndefined();
    expect(family("s").metrics[0]).toEqual({ labels: { instance: "i", job: "a" }, quantiles: { "0.5": "2" }, count: "4", sum: "3" });
    expect(family("h").metrics[0]).toEqual({ labels: { instance: "i", job: "a" }, buckets: { "1": "1", "+Inf": "2" }, count: "2", sum: "1e+06" });
    expect(family("push_time_seconds").type).toBe("GAUGE");
    expect(family("push_failure_time_seconds").metrics[0].value).toBe("0");
    clock.ms += 1;
    await req("PUT", "/metrics/job/a/instance/i", "g 1 5\n");
    const after = (await (await req("GET", "/api/v1/metrics")).json()) as ApiMetricsJson;
    expect(after.data[0].last_push_successful).toBe(false);
  });

  test("OPTIONS preflight carries the CORS headers", async () => {
    const { req } = gateway();
    const res = await req("OPTIONS", "/api/v1/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, POST, DELETE, OPTIONS");
  });
});

describe("web UI", () => {
  test("lists groups with escaped labels and values, and a delete button per group", async () => {
    const { req } = gateway();
    await req("PUT", "/metrics/job/<script>/path@base64/L3Zhci90bXA", '# HELP x <b>bold</b>\nx{l="<img src=x>"} 1\n');
    const res = await req("GET", "/");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const page = await res.text();
    expect(page).not.toContain("<script>/");
    expect(page).not.toContain("<img src=x>");
    expect(page).not.toContain("<b>bold</b>");
    expect(page).toContain("&lt;script&gt;");
    expect(page).toContain('data-url="./metrics/job@base64/PHNjcmlwdD4/path@base64/L3Zhci90bXA"');
    // The delete URL the page uses really deletes the group.
    expect((await req("DELETE", "/metrics/job@base64/PHNjcmlwdD4/path@base64/L3Zhci90bXA")).status).toBe(202);
    expect(await (await req("GET", "/")).text()).toContain("No metrics pushed.");
    const gz = await req("GET", "/", undefined, { "Accept-Encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await gz.arrayBuffer())))).toContain("No metrics pushed.");
  });

  test("a refused push shows with its reason, escaped; ?q= hides the rows that do not match", async () => {
    const { req } = gateway();
    const job = `job@base64/${Buffer.from("<b>x</b>").toString("base64url")}`;
    expect((await req("PUT", `/metrics/${job}`, 'm{instance="i"} 1\n')).status).toBe(200);
    const refused = await req("PUT", `/metrics/${job}/instance/i`, "m 2\n");
    expect(refused.status).toBe(400);
    const page = await (await req("GET", "/")).text();
    expect(page).not.toContain("<b>x</b>");
    expect(page).toContain("collected metric m{instance=&quot;i&quot;,job=&quot;&lt;b&gt;x&lt;/b&gt;&quot;} was collected before");
    expect(page).toContain('<span class="marker bad">push failed</span>');
    expect(page).toContain("<title>(1) Pushgateway</title>");
    const filtered = await (await req("GET", "/?q=PUSH%20FAILED")).text();
    expect(filtered).toContain('value="PUSH FAILED"');
    expect(filtered.match(/<details class="group[^>]*>/g)).toEqual([
      expect.stringMatching(/^<details class="group bad" data-search="[^"]*push failed[^"]*">$/),
      expect.stringMatching(/ hidden>$/),
    ]);
  });

  test("--push.ttl marks groups older than it stale", async () => {
    const clock = new FakeClock();
    const { req } = gateway({ clock, ttlMs: 60_000 });
    await req("PUT", "/metrics/job/a", "x 1\n");
    clock.ms += 30_000;
    expect(await (await req("GET", "/")).text()).toContain("--push.ttl 1 min");
    expect(await (await req("GET", "/")).text()).not.toContain('<span class="marker warn">stale</span>');
  });
});
