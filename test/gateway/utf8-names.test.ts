// --push.enable-utf8-names as Pushgateway 1.11.3 has it: UTF-8 metric and
// label names in push URLs (U__ escaping) and bodies (text and protobuf),
// served quoted to scrapers that allow UTF-8 and escaped to the others.

import { describe, expect, test } from "bun:test";
import { createGatewayApp } from "../../src/gateway/app.ts";
import { decodeSnapshot, encodeSnapshot } from "../../src/gateway/persistence-format.ts";
import { GatewayStore } from "../../src/gateway/store/state.ts";
import { GatewayTelemetry } from "../../src/gateway/telemetry.ts";
import { decodeDelimited, encodeDelimited } from "../../src/metrics/protobuf-decoder.ts";

const PB = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
const clock = { now: () => 1_700_000_000_000 };

function gateway(utf8Names: boolean) {
  const telemetry = new GatewayTelemetry({ ttlEnabled: false });
  const store = new GatewayStore({ clock, reserved: telemetry.reservedFamilies(), nameValidation: utf8Names ? "utf8" : "legacy" });
  const app = createGatewayApp({ clock, store, telemetry, utf8Names });
  const req = (method: string, path: string, body?: Bun.BodyInit, headers: Record<string, string> = {}) =>
    app.request(`http://gw${path}`, { method, body, headers });
  return { store, req };
}

/** The lines of a scrape that are about the pushed families (not the gateway's own). */
async function pushedLines(res: Response, prefix: RegExp): Promise<string[]> {
  expect(res.status).toBe(200);
  return (await res.text()).split("\n").filter((l) => prefix.test(l));
}

const TEXT_BODY = '# HELP "app.jobs" Jobs run.\n# TYPE "app.jobs" counter\n{"app.jobs","svc.name"="api"} 3\nplain_metric{"x-y"="1"} 2\n';

describe("with --push.enable-utf8-names", () => {
  test("a text push with quoted names and a U__ label in the URL", async () => {
    const { req, store } = gateway(true);
    const res = await req("PUT", "/metrics/job/batch/U__zone_2e_id/eu", TEXT_BODY);
    expect(res.status).toBe(200);
    expect(store.group({ job: "batch", "zone.id": "eu" })).toBeDefined();

    const utf8 = await req("GET", "/metrics", undefined, { Accept: "text/plain;version=0.0.4;escaping=allow-utf-8" });
    expect(utf8.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8; escaping=allow-utf-8");
    expect(await pushedLines(utf8, /app\.jobs|plain_metric/)).toEqual([
      '# HELP "app.jobs" Jobs run.',
      '# TYPE "app.jobs" counter',
      '{"app.jobs",instance="",job="batch","svc.name"="api","zone.id"="eu"} 3',
      "# TYPE plain_metric untyped",
      'plain_metric{instance="",job="batch","x-y"="1","zone.id"="eu"} 2',
    ]);
  });

  test("a scraper that does not allow UTF-8 gets underscores; one that asks for values gets U__", async () => {
    const { req } = gateway(true);
    expect((await req("PUT", "/metrics/job/batch", TEXT_BODY)).status).toBe(200);

    const plain = await req("GET", "/metrics");
    expect(plain.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8; escaping=underscores");
    expect(await pushedLines(plain, /app_jobs|plain_metric/)).toEqual([
      "# HELP app_jobs Jobs run.",
      "# TYPE app_jobs counter",
      'app_jobs{instance="",job="batch",svc_name="api"} 3',
      "# TYPE plain_metric untyped",
      'plain_metric{instance="",job="batch",x_y="1"} 2',
    ]);

    const values = await req("GET", "/metrics", undefined, { Accept: "text/plain;version=0.0.4;escaping=values" });
    expect(await pushedLines(values, /app_|plain_metric/)).toContain('U__app_2e_jobs{U__svc_2e_name="api",instance="",job="batch"} 3');
    // The cached text of one scheme is not served for another.
    expect(await pushedLines(await req("GET", "/metrics"), /app_jobs\{/)).toEqual(['app_jobs{instance="",job="batch",svc_name="api"} 3']);
  });

  test("protobuf push in, protobuf scrape out, escaped per Accept", async () => {
    const { req } = gateway(true);
    const body = encodeDelimited([{ name: "pb.metric", type: "gauge", metrics: [{ labels: { "ключ": "значение" }, value: 5 }] }]);
    expect((await req("PUT", "/metrics/job/p", body, { "Content-Type": PB })).status).toBe(200);

    const scrapeAs = async (accept: string) => {
      const res = await req("GET", "/metrics", undefined, { Accept: accept });
      expect(res.headers.get("content-type")).toStartWith("application/vnd.google.protobuf");
      return decodeDelimited(new Uint8Array(await res.arrayBuffer())).find((f) => f.name.startsWith("pb") || f.name.includes("pb_"));
    };
    const utf8 = await scrapeAs(`${PB}; escaping=allow-utf-8`);
    expect(utf8?.name).toBe("pb.metric");
    expect(utf8?.metrics[0].labels).toEqual({ "ключ": "значение", instance: "", job: "p" });
    const escaped = await scrapeAs(PB);
    expect(escaped?.name).toBe("pb_metric");
    expect(escaped?.metrics[0].labels).toEqual({ "____": "значение", instance: "", job: "p" });
  });

  test("/api/v1/metrics shows the names as pushed", async () => {
    const { req } = gateway(true);
    expect((await req("PUT", "/metrics/job/batch/U__zone_2e_id/eu", TEXT_BODY)).status).toBe(200);
    const json = (await (await req("GET", "/api/v1/metrics")).json()) as { data: Record<string, unknown>[] };
    const group = json.data[0] as Record<string, { metrics: { labels: Record<string, string> }[] }> & { labels: Record<string, string> };
    expect(group.labels).toEqual({ job: "batch", "zone.id": "eu" });
    expect(group["app.jobs"].metrics[0].labels).toEqual({ job: "batch", "svc.name": "api", "zone.id": "eu", instance: "" });
  });

  test("the web page shows them", async () => {
    const { req } = gateway(true);
    expect((await req("PUT", "/metrics/job/batch/U__zone_2e_id/eu", TEXT_BODY)).status).toBe(200);
    const html = await (await req("GET", "/")).text();
    expect(html).toContain("zone.id");
    expect(html).toContain("app.jobs");
  });

  test("the web page's Delete URL reaches a group whose label name holds a slash", async () => {
    const { req, store } = gateway(true);
    expect((await req("PUT", "/metrics/job/batch/U__dir_2f_name/x", "m 1\n")).status).toBe(200);
    expect(store.group({ job: "batch", "dir/name": "x" })).toBeDefined();
    const html = await (await req("GET", "/")).text();
    const url = html.match(/data-url="\.\/([^"]+)"/)?.[1];
    expect(url).toBe("metrics/job@base64/YmF0Y2g/U__dir_2f_name@base64/eA");
    expect((await req("DELETE", `/${url}`)).status).toBe(202);
    expect(store.size).toBe(0);
  });

  test("DELETE finds the group by its U__ label", async () => {
    const { req, store } = gateway(true);
    expect((await req("PUT", "/metrics/job/batch/U__zone_2e_id/eu", TEXT_BODY)).status).toBe(200);
    expect((await req("DELETE", "/metrics/job/batch/zone.id/eu")).status).toBe(202);
    expect(store.size).toBe(0);
  });

  const refused: [string, string, string, string][] = [
    ["a reserved label in the URL", "/metrics/job/a/U___5f__5f_x/1", "x 1\n", 'improper label name "U___5f__5f_x"\n'],
    ["an empty quoted label name", "/metrics/job/a", 'x{""="1"} 1\n', 'text format parsing error in line 1: invalid label name for metric "x"\n'],
    ["a reserved label in the body", "/metrics/job/a", 'x{"__x"="1"} 1\n', "has a label with an invalid name: __x"],
  ];
  test.each(refused)("refuses %s", async (_name, path, body, message) => {
    const res = await gateway(true).req("PUT", path, body);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
  });

  test("a protobuf family with an empty name is refused (it would break /metrics)", async () => {
    const { req } = gateway(true);
    const res = await req("PUT", "/metrics/job/p", encodeDelimited([{ name: "", type: "gauge", metrics: [{ labels: {}, value: 1 }] }]), {
      "Content-Type": PB,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('metric name "" is not valid');
  });
});

describe("without the flag, names stay legacy", () => {
  const refused: [string, string, string, Record<string, string>, string][] = [
    ["a dotted label in the URL", "/metrics/job/a/zone.id/1", "x 1\n", {}, 'improper label name "zone.id"\n'],
    // Pushgateway 1.11's legacy text parser refuses them, with these words.
    ["a quoted dotted metric name", "/metrics/job/a", '{"a.b"} 1\n', {}, 'text format parsing error in line 1: invalid metric name "a.b"\n'],
    ["a quoted dotted label name", "/metrics/job/a", 'x{"c.d"="1"} 1\n', {}, 'text format parsing error in line 1: invalid label name "c.d"\n'],
    ["a quoted legacy name is fine", "/metrics/job/a", '{"ok_name"} 1\n', {}, ""],
  ];
  test.each(refused)("%s", async (_name, path, body, headers, message) => {
    const res = await gateway(false).req("PUT", path, body, headers);
    expect(res.status).toBe(message === "" ? 200 : 400);
    expect(await res.text()).toContain(message);
  });

  test("a protobuf push with a dotted name is refused", async () => {
    const body = encodeDelimited([{ name: "pb.metric", type: "gauge", metrics: [{ labels: {}, value: 5 }] }]);
    const res = await gateway(false).req("PUT", "/metrics/job/p", body, { "Content-Type": PB });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('metric name "pb.metric" is not valid');
  });

  test("U__ in the URL is an ordinary label name", async () => {
    const { req, store } = gateway(false);
    expect((await req("PUT", "/metrics/job/a/U__zone_2e_id/1", "x 1\n")).status).toBe(200);
    expect(store.group({ job: "a", U__zone_2e_id: "1" })).toBeDefined();
  });
});

describe("stored UTF-8 names survive the snapshot format", () => {
  test("a snapshot round-trips, and a gateway started without the flag still loads it", async () => {
    const { req, store } = gateway(true);
    expect((await req("PUT", "/metrics/job/batch/U__zone_2e_id/eu", TEXT_BODY)).status).toBe(200);
    const decoded = decodeSnapshot(encodeSnapshot(store.snapshot()));
    expect(decoded).toEqual(store.snapshot());

    // Turning the flag off must not drop what was stored with it.
    const legacy = new GatewayStore({ clock, nameValidation: "legacy" });
    expect(legacy.restore(decoded)).toEqual([]);
    expect(legacy.group({ job: "batch", "zone.id": "eu" })?.families.has("app.jobs")).toBe(true);
  });
});

describe("other Pushgateway 1.11.3 parser behaviour (with or without the flag)", () => {
  test("a float histogram count is kept and served as pushed, in text and protobuf", async () => {
    const { req } = gateway(false);
    const body = '# TYPE h histogram\nh_bucket{le="1"} 0.5\nh_bucket{le="+Inf"} 2.5\nh_sum 3\nh_count 2.5\n';
    expect((await req("PUT", "/metrics/job/f", body)).status).toBe(200);
    expect(await pushedLines(await req("GET", "/metrics"), /^h_/)).toEqual([
      'h_bucket{instance="",job="f",le="1"} 0.5',
      'h_bucket{instance="",job="f",le="+Inf"} 2.5',
      'h_sum{instance="",job="f"} 3',
      'h_count{instance="",job="f"} 2.5',
    ]);
    const pb = await req("GET", "/metrics", undefined, { Accept: PB });
    const h = decodeDelimited(new Uint8Array(await pb.arrayBuffer())).find((f) => f.name === "h");
    expect(h?.metrics[0].histogram?.sampleCount).toBe(2.5);
    expect(h?.metrics[0].histogram?.buckets.map((b) => b.cumulativeCount)).toEqual([0.5, 2.5]);
  });

  test("a negative histogram count is refused with the parser's words", async () => {
    const res = await gateway(false).req("PUT", "/metrics/job/f", '# TYPE h histogram\nh_bucket{le="1"} -1\n');
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('text format parsing error in line 2: negative bucket population for histogram "h"\n');
  });

  test("a gauge histogram is accepted and served as a histogram", async () => {
    const { req } = gateway(false);
    expect((await req("PUT", "/metrics/job/g", '# TYPE g gaugehistogram\ng_bucket{le="+Inf"} 1\ng_sum 2\ng_count 1\n')).status).toBe(200);
    expect(await pushedLines(await req("GET", "/metrics"), /^(# TYPE )?g[_ ]/)).toEqual([
      "# TYPE g histogram",
      'g_bucket{instance="",job="g",le="+Inf"} 1',
      'g_sum{instance="",job="g"} 2',
      'g_count{instance="",job="g"} 1',
    ]);
  });
});
