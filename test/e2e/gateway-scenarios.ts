// Request sequences sent identically to dist/mon gateway and to the reference
// Pushgateway by the differential suite. Each scenario starts on a fresh pair.

import { encodeDelimited } from "../../src/metrics/protobuf-encoder.ts";

export interface Step {
  method: string;
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface Scenario {
  name: string;
  steps: Step[];
  /** Extra flags for both programs. */
  args?: string[];
  /** Compare /metrics after the steps (default true). */
  compareMetrics?: boolean;
}

const put = (path: string, body: string | Uint8Array, headers?: Record<string, string>): Step => ({ method: "PUT", path, body, headers });
const post = (path: string, body: string | Uint8Array, headers?: Record<string, string>): Step => ({ method: "POST", path, body, headers });
const del = (path: string): Step => ({ method: "DELETE", path });
const get = (path: string): Step => ({ method: "GET", path });

const PROTOBUF = { "Content-Type": "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited" };

export const SCENARIOS: Scenario[] = [
  { name: "untyped push with PUT", steps: [put("/metrics/job/a", "some_metric 3.14\n")] },
  {
    name: "typed families with HELP via POST",
    steps: [post("/metrics/job/a/instance/i1", "# HELP c A counter.\n# TYPE c counter\nc 3\n# TYPE g gauge\ng{x=\"1\"} -2\n")],
  },
  { name: "missing final newline is a 400", steps: [put("/metrics/job/a", "x 1")] },
  { name: "timestamps are rejected", steps: [put("/metrics/job/a", "x 1 1700000000000\n")] },
  { name: "carriage return is not a line end", steps: [put("/metrics/job/a", "x 1\r\n")] },
  { name: "malformed sample line", steps: [put("/metrics/job/a", "x{y=} 1\n")] },
  { name: "TYPE after samples", steps: [put("/metrics/job/a", "x 1\n# TYPE x gauge\n")] },
  { name: "second HELP line", steps: [put("/metrics/job/a", "# HELP x a\n# HELP x b\nx 1\n")] },
  {
    name: "type differing across groups",
    steps: [put("/metrics/job/a", "# TYPE m counter\nm 1\n"), put("/metrics/job/b", "# TYPE m gauge\nm 1\n")],
  },
  {
    name: "type clashing with the gateway's own metrics",
    steps: [put("/metrics/job/a", "# TYPE pushgateway_http_requests_total gauge\npushgateway_http_requests_total 1\n")],
    compareMetrics: false,
  },
  {
    name: "duplicate series across groups",
    steps: [put("/metrics/job/a", 'foo{x="1"} 1\n'), put("/metrics/job/a/x/1", "foo 2\n")],
  },
  {
    name: "_count colliding with a summary in another group",
    steps: [put("/metrics/job/a", "# TYPE s summary\ns_sum 1\ns_count 2\n"), put("/metrics/job/b", "s_count 3\n")],
  },
  {
    name: "PUT replaces the group, POST only the families it names",
    steps: [
      put("/metrics/job/a", "x 1\ny 2\n"),
      post("/metrics/job/a", "x 10\n"),
      put("/metrics/job/b", "z 1\nw 2\n"),
      put("/metrics/job/b", "z 5\n"),
    ],
  },
  {
    name: "empty PUT empties, empty POST keeps",
    steps: [put("/metrics/job/a", "x 1\n"), post("/metrics/job/b", "y 1\n"), put("/metrics/job/a", ""), post("/metrics/job/b", "")],
  },
  {
    name: "DELETE of a group and of a group that does not exist",
    steps: [put("/metrics/job/a", "x 1\n"), put("/metrics/job/b", "y 1\n"), del("/metrics/job/a"), del("/metrics/job/nope")],
  },
  {
    name: "base64 job and label values, lone = for empty",
    steps: [
      put("/metrics/job@base64/Zm9vL2Jhcg/path@base64/L3Zhci90bXA=", "x 1\n"),
      put("/metrics/job/j/empty@base64/=", "y 1\n"),
    ],
  },
  { name: "empty job via base64 is a 400", steps: [put("/metrics/job@base64/=", "x 1\n")] },
  { name: "bad base64 is a 400", steps: [put("/metrics/job@base64/!!!", "x 1\n")] },
  { name: "odd number of segments is a 400", steps: [put("/metrics/job/a/instance", "x 1\n")] },
  {
    name: "invalid and reserved label names are 400s",
    steps: [put("/metrics/job/a/__x/1", "x 1\n"), put("/metrics/job/a/1abc/1", "x 1\n"), put("/metrics/job/a/in-valid/1", "x 1\n")],
  },
  { name: "percent-encoded values", steps: [put("/metrics/job/a%20b/instance/h%3A9100", "x 1\n")] },
  { name: "a label named twice: the later wins", steps: [put("/metrics/job/a/x/1/x/2", "m 1\n")] },
  {
    name: "key labels overwrite body labels; body instance survives",
    steps: [put("/metrics/job/a", 'm{job="other",instance="i9",k="v"} 1\n'), put("/metrics/job/b/instance/key", 'n{instance="body"} 1\n')],
  },
  {
    name: "summary and histogram",
    steps: [
      put(
        "/metrics/job/a",
        '# TYPE s summary\ns{quantile="0.5"} 1\ns{quantile="0.9"} 2\ns_sum 10\ns_count 4\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 3\nh_sum 7\nh_count 3\n',
      ),
    ],
  },
  { name: "summary without _sum and _count", steps: [put("/metrics/job/a", '# TYPE s summary\ns{quantile="0.5"} 1\n')] },
  { name: "negative counter is accepted", steps: [put("/metrics/job/a", "# TYPE c counter\nc -5\n")] },
  {
    name: "inconsistent HELP across groups is accepted",
    steps: [put("/metrics/job/a", "# HELP m first\nm 1\n"), put("/metrics/job/b", "# HELP m first\nm 2\n"), put("/metrics/job/c", "# HELP m second\nm 3\n")],
    compareMetrics: false,
  },
  { name: "invalid UTF-8 in a label value", steps: [put("/metrics/job/a", new Uint8Array([...Buffer.from('m{l="'), 0xff, 0xfe, ...Buffer.from('"} 1\n')]))] },
  {
    name: "gzip body, and a broken gzip body",
    steps: [
      put("/metrics/job/a", Bun.gzipSync(Buffer.from("zipped 1\n")), { "Content-Encoding": "gzip" }),
      put("/metrics/job/b", "not gzip at all\n", { "Content-Encoding": "gzip" }),
    ],
  },
  {
    name: "delimited protobuf body",
    steps: [
      put(
        "/metrics/job/pb",
        encodeDelimited([
          { name: "pb_counter", help: "From protobuf.", type: "counter", metrics: [{ labels: { l: "v" }, value: 5 }] },
          { name: "pb_gauge", help: "Gauge.", type: "gauge", metrics: [{ labels: {}, value: -1.5 }] },
          {
            name: "pb_summary",
            help: "Summary.",
            type: "summary",
            metrics: [{ labels: {}, summary: { sampleCount: 2, sampleSum: 3, quantiles: [{ quantile: 0.5, value: 1 }] } }],
          },
        ]),
        PROTOBUF,
      ),
    ],
  },
  { name: "garbage protobuf body", steps: [put("/metrics/job/pb", new Uint8Array([0x0a, 0xff, 0xff, 0x01, 0x02]), PROTOBUF)] },
  {
    name: "pushed push_time_seconds is overridden by the gateway's own",
    steps: [put("/metrics/job/a", "push_time_seconds 1\nother 2\n")],
  },
  {
    name: "a failed push to a new group creates it",
    steps: [put("/metrics/job/a", "# TYPE m counter\nm 1\n"), put("/metrics/job/new", "# TYPE m gauge\nm 1\n")],
  },
  {
    name: "wrong methods and unknown paths",
    steps: [get("/metrics/job/a"), { method: "HEAD", path: "/metrics" }, { method: "PATCH", path: "/metrics/job/a" }, get("/nope")],
    compareMetrics: false,
  },
  {
    name: "health, readiness and lifecycle without --web.enable-lifecycle",
    steps: [get("/-/healthy"), get("/-/ready"), put("/-/quit", ""), get("/-/quit")],
    compareMetrics: false,
  },
  { name: "admin wipe needs --web.enable-admin-api", steps: [put("/metrics/job/a", "x 1\n"), put("/api/v1/admin/wipe", "")] },
  {
    name: "admin wipe with --web.enable-admin-api",
    args: ["--web.enable-admin-api"],
    steps: [put("/metrics/job/a", "x 1\n"), put("/metrics/job/b", "y 1\n"), put("/api/v1/admin/wipe", "")],
  },
  {
    name: "consistency check disabled answers 202",
    args: ["--push.disable-consistency-check"],
    steps: [put("/metrics/job/a", "x 1\n"), post("/metrics/job/b", "y 1\n")],
  },
  {
    name: "route prefix",
    args: ["--web.route-prefix=/pg"],
    steps: [put("/pg/metrics/job/a", "x 1\n"), get("/pg/-/healthy"), put("/metrics/job/b", "y 1\n")],
    compareMetrics: false,
  },
  {
    name: "JSON API answers",
    steps: [put("/metrics/job/a", "x 1\n"), get("/api/v1/status"), get("/api/v1/metrics"), { method: "OPTIONS", path: "/api/v1/metrics" }],
  },
  {
    name: "DELETE with a grouping key subset leaves the others",
    steps: [put("/metrics/job/a/instance/1", "x 1\n"), put("/metrics/job/a/instance/2", "x 2\n"), del("/metrics/job/a/instance/1"), del("/metrics/job/a")],
  },
];
