import { describe, expect, test } from "bun:test";
import {
  escapeFamily,
  escapeName,
  isLegacyName,
  isValidLabelNameIn,
  isValidMetricNameIn,
  unescapeName,
} from "../../src/metrics/metric-names.ts";
import type { MetricFamily } from "../../src/metrics/types.ts";

describe("validation schemes (model.ValidationScheme)", () => {
  const rows: [string, boolean, boolean, boolean, boolean][] = [
    // name, legacy metric, legacy label, utf8 metric, utf8 label
    ["disk_io_total", true, true, true, true],
    ["job:rate5m", true, false, true, true],
    ["_x", true, true, true, true],
    ["9lives", false, false, true, true],
    ["x9", true, true, true, true],
    ["service.name", false, false, true, true],
    ["température", false, false, true, true],
    ["", false, false, false, false],
    ["a\uD800b", false, false, false, false],
    ["a\n", false, false, true, true],
    ["\na", false, false, true, true],
    [":", true, false, true, true],
    ["Z_9:", true, false, true, true],
    ["a-b", false, false, true, true],
  ];
  test.each(rows)("%p", (name, legacyMetric, legacyLabel, utf8Metric, utf8Label) => {
    expect(isValidMetricNameIn("legacy", name)).toBe(legacyMetric);
    expect(isValidLabelNameIn("legacy", name)).toBe(legacyLabel);
    expect(isValidMetricNameIn("utf8", name)).toBe(utf8Metric);
    expect(isValidLabelNameIn("utf8", name)).toBe(utf8Label);
    expect(isLegacyName(name)).toBe(legacyMetric);
  });
});

describe("escapeName and unescapeName (model.EscapeName, UnescapeName)", () => {
  // input, underscores, dots, dots unescaped, values
  const rows: [string, string, string, string, string][] = [
    ["queue_depth:max", "queue_depth:max", "queue__depth:max", "queue_depth:max", "queue_depth:max"],
    ["app.http.requests", "app_http_requests", "app_dot_http_dot_requests", "app.http.requests", "U__app_2e_http_2e_requests"],
    ["db.pool_size", "db_pool_size", "db_dot_pool__size", "db.pool_size", "U__db_2e_pool__size"],
    ["rate.ok:avg", "rate_ok:avg", "rate_dot_ok:avg", "rate.ok:avg", "U__rate_2e_ok:avg"],
    ["temp °C 🔥", "temp__C__", "temp____C____", "temp__C__", "U__temp_20__b0_C_20__1f525_"],
    ["数据", "__", "____", "__", "U___6570__636e_"],
    ["1st-place", "_st_place", "__st__place", "_st_place", "U___31_st_2d_place"],
    ["x\u0101", "x_", "x__", "x_", "U__x_101_"],
  ];
  test.each(rows)("%p", (input, underscores, dots, dotsBack, values) => {
    expect(escapeName(input, "underscores")).toBe(underscores);
    expect(unescapeName(underscores, "underscores")).toBe(underscores);
    expect(escapeName(input, "dots")).toBe(dots);
    expect(unescapeName(dots, "dots")).toBe(dotsBack);
    expect(escapeName(input, "values")).toBe(values);
    expect(unescapeName(values, "values")).toBe(input);
    expect(escapeName(input, "allow-utf-8")).toBe(input);
  });

  test("the empty name stays empty", () => {
    for (const s of ["underscores", "dots", "values", "allow-utf-8"] as const) {
      expect(escapeName("", s)).toBe("");
      expect(unescapeName("", s)).toBe("");
    }
  });

  // Malformed U__ names come back unchanged, as Go's UnescapeName returns its input.
  const unescapes: [string, string][] = [
    ["U__plain:name", "plain:name"],
    ["U__upper_2E_hex", "upper.hex"],
    ["U__kept__under__", "kept_under_"],
    ["no_prefix_2e_", "no_prefix_2e_"],
    ["U__dangling_", "U__dangling_"],
    ["U__single_under_", "U__single_under_"],
    ["U__unclosed_2e", "U__unclosed_2e"],
    ["U__seven_1234567_digits", "U__seven_1234567_digits"],
    ["U__not_2g_hex", "U__not_2g_hex"],
    ["U__surrogate_DA00_", "U__surrogate_DA00_"],
    ["U__too_110000_big", "U__too_110000_big"],
    // Go checks the digit count before the closing underscore: six digits never close.
    ["U__six_10ffff_", "U__six_10ffff_"],
    ["U__five_1f525_", "five\u{1f525}"],
    ["U__", ""],
  ];
  test.each(unescapes)("unescape %p", (input, want) => expect(unescapeName(input, "values")).toBe(want));
});

describe("escapeFamily (model.EscapeMetricFamily)", () => {
  const legacy: MetricFamily = { name: "up", type: "gauge", metrics: [{ labels: { job: "a", "x:y": "1" }, value: 1 }] };

  test("a family with legacy names (colons included) is returned as is", () => {
    for (const s of ["underscores", "dots", "values", "allow-utf-8"] as const) expect(escapeFamily(legacy, s)).toBe(legacy);
  });

  test("names beyond the legacy charset are escaped; the input is not changed", () => {
    const f: MetricFamily = {
      name: "app.up",
      help: "Up.",
      type: "counter",
      metrics: [
        { labels: { job: "a" }, value: 1 },
        { labels: { "svc.name": "b", "k8s_pod": "p" }, value: 2 },
      ],
    };
    const copy = structuredClone(f);
    const u = escapeFamily(f, "underscores");
    expect(u.name).toBe("app_up");
    expect(u.help).toBe("Up.");
    expect(u.metrics[0]).toBe(f.metrics[0]);
    expect(u.metrics[1].labels).toEqual({ svc_name: "b", k8s_pod: "p" });
    expect(escapeFamily(f, "values").metrics[1].labels).toEqual({ U__svc_2e_name: "b", k8s_pod: "p" });
    expect(escapeFamily(f, "dots").name).toBe("app_dot_up");
    expect(escapeFamily(f, "allow-utf-8")).toBe(f);
    expect(f).toEqual(copy);
  });
});
