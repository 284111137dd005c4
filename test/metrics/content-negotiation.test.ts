import { describe, expect, test } from "bun:test";
import { isProtobufContentType, negotiate, negotiateFormat } from "../../src/metrics/content-negotiation.ts";

const PB = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
const TEXT_CT = "text/plain; version=0.0.4; charset=utf-8; escaping=underscores";
const PB_CT = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; escaping=underscores";

describe("negotiate follows expfmt.Negotiate", () => {
  const rows: [string, string | undefined, string][] = [
    ["no Accept header", undefined, TEXT_CT],
    ["empty Accept header", "", TEXT_CT],
    ["protobuf delimited", PB, PB_CT],
    [
      "Prometheus default Accept (OpenMetrics is not offered)",
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
      TEXT_CT,
    ],
    ["Prometheus with protobuf first", `${PB};q=0.7,text/plain;version=0.0.4;q=0.3`, PB_CT],
    ["higher q wins regardless of order", `text/plain;version=0.0.4;q=0.3,${PB};q=0.7`, PB_CT],
    ["text first at equal q", `text/plain,${PB}`, TEXT_CT],
    ["concrete type sorts before */* at equal q", `*/*,${PB}`, PB_CT],
    ["q=0 is not excluded", `${PB};q=0`, PB_CT],
    ["unsupported text version falls back to text", "text/plain;version=0.0.5", TEXT_CT],
    ["other proto falls back to text", "application/vnd.google.protobuf;proto=other;encoding=delimited", TEXT_CT],
    ["proto without encoding falls back to text", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily", TEXT_CT],
    ["protobuf text encoding is served as text format by mon", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text", TEXT_CT],
    ["blanks around tokens", " application/vnd.google.protobuf ; proto=io.prometheus.client.MetricFamily ; encoding=delimited", PB_CT],
    ["escaping parameter is echoed", "text/plain;version=0.0.4;escaping=allow-utf-8", "text/plain; version=0.0.4; charset=utf-8; escaping=allow-utf-8"],
    ["unknown escaping is ignored", "text/plain;escaping=foo", TEXT_CT],
    ["escaping of an earlier unmatched clause sticks", "application/json;escaping=dots,text/plain", "text/plain; version=0.0.4; charset=utf-8; escaping=dots"],
    ["escaping of a later clause is never seen", "text/plain;q=0.9,application/json;escaping=dots;q=0.5", TEXT_CT],
    ["wildcard only", "*/*", TEXT_CT],
    ["garbage", "a/b/c,;;,=", TEXT_CT],
  ];
  test.each(rows)("%s", (_name, accept, want) => {
    expect(negotiate(accept).contentType).toBe(want);
    expect(negotiateFormat(accept)).toBe(want.startsWith("text/") ? "text" : "protobuf-delimited");
  });
});

describe("isProtobufContentType follows Pushgateway's mime.ParseMediaType check", () => {
  const rows: [string, string, boolean][] = [
    ["exact, no blanks", PB, true],
    ["with blanks", "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", true],
    ["media type is case-insensitive", "Application/Vnd.Google.Protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", true],
    ["parameter names are case-insensitive", "application/vnd.google.protobuf; PROTO=io.prometheus.client.MetricFamily; Encoding=delimited", true],
    ["parameter values are case-sensitive", "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=Delimited", false],
    ["quoted values", 'application/vnd.google.protobuf; proto="io.prometheus.client.MetricFamily"; encoding="delimited"', true],
    ["parameter order does not matter", "application/vnd.google.protobuf; encoding=delimited; proto=io.prometheus.client.MetricFamily", true],
    ["trailing semicolon tolerated", `${PB};`, true],
    ["same parameter twice with the same value", `${PB}; encoding=delimited`, true],
    ["same parameter twice with different values", `${PB}; encoding=text`, false],
    ["malformed parameter", `${PB}; foo`, false],
    ["missing encoding", "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily", false],
    ["text encoding", "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text", false],
    ["media type alone", "application/vnd.google.protobuf", false],
    ["text/plain", "text/plain; version=0.0.4", false],
    ["empty", "", false],
  ];
  test.each(rows)("%s", (_name, ct, want) => {
    expect(isProtobufContentType(ct)).toBe(want);
  });
});

describe("negotiate names the escaping scheme for UTF-8 names", () => {
  const rows: [string, string, string][] = [
    ["no Accept: underscores (model.NameEscapingScheme)", "", "underscores"],
    ["a scraper that allows UTF-8", "text/plain;version=0.0.4;escaping=allow-utf-8", "allow-utf-8"],
    ["protobuf with values escaping", `${"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"};escaping=values`, "values"],
    ["dots", "text/plain;escaping=dots", "dots"],
    ["unknown scheme: the default", "text/plain;escaping=unicode", "underscores"],
  ];
  test.each(rows)("%s", (_name, accept, want) => expect(negotiate(accept).escaping).toBe(want as never));
});
