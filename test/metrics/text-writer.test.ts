import { describe, expect, test } from "bun:test";
import { escapeHelp, escapeLabelValue, writeText } from "../../src/metrics/text-writer.ts";
import type { Metric, MetricFamily } from "../../src/metrics/types.ts";

describe("escaping", () => {
  const help: [string, string][] = [
    ["plain", "plain"],
    ["back\\slash", "back\\\\slash"],
    ["new\nline", "new\\nline"],
    ['quote " stays', 'quote " stays'],
  ];
  test.each(help)("HELP %p", (input, want) => expect(escapeHelp(input)).toBe(want));
  const values: [string, string][] = [
    ["plain", "plain"],
    ["back\\slash", "back\\\\slash"],
    ["new\nline", "new\\nline"],
    ['a "quote"', 'a \\"quote\\"'],
  ];
  test.each(values)("label value %p", (input, want) => expect(escapeLabelValue(input)).toBe(want));
});

describe("writeText", () => {
  const rows: [string, MetricFamily[], string][] = [
    [
      "-0 is written 0, as expfmt's writeFloat does, in values, sums and quantile labels",
      [
        { name: "z", type: "gauge", metrics: [{ labels: {}, value: -0 }] },
        { name: "s", type: "summary", metrics: [{ labels: {}, summary: { sampleCount: 1, sampleSum: -0, quantiles: [{ quantile: -0, value: -0 }] } }] },
      ],
      '# TYPE s summary\ns{quantile="0"} 0\ns_sum 0\ns_count 1\n# TYPE z gauge\nz 0\n',
    ],
    [
      "families and series are sorted, labels by name",
      [
        {
          name: "zeta",
          help: "Z.",
          type: "gauge",
          metrics: [
            { labels: { b: "2", a: "y" }, value: 1 },
            { labels: { b: "1", a: "x" }, value: 2 },
          ],
        },
        { name: "alpha", help: "A.", type: "counter", metrics: [{ labels: {}, value: 1e6 }] },
      ],
      '# HELP alpha A.\n# TYPE alpha counter\nalpha 1e+06\n# HELP zeta Z.\n# TYPE zeta gauge\nzeta{a="x",b="1"} 2\nzeta{a="y",b="2"} 1\n',
    ],
    [
      "no HELP line when help is undefined, escaped values",
      [{ name: "m", type: "untyped", metrics: [{ labels: { l: 'a"b\\c\nd' }, value: Number.NaN }] }],
      '# TYPE m untyped\nm{l="a\\"b\\\\c\\nd"} NaN\n',
    ],
    [
      "summary with quantiles, sum and count",
      [
        {
          name: "s",
          help: "S.",
          type: "summary",
          metrics: [
            {
              labels: { job: "j" },
              summary: { sampleCount: 3, sampleSum: 1.5, quantiles: [{ quantile: 0.5, value: 0.25 }] },
            },
          ],
        },
      ],
      '# HELP s S.\n# TYPE s summary\ns{job="j",quantile="0.5"} 0.25\ns_sum{job="j"} 1.5\ns_count{job="j"} 3\n',
    ],
    [
      "histogram gets an implicit +Inf bucket",
      [
        {
          name: "h",
          help: "H.",
          type: "histogram",
          metrics: [
            { labels: {}, histogram: { sampleCount: 4, sampleSum: 10, buckets: [{ upperBound: 1, cumulativeCount: 2 }] } },
          ],
        },
      ],
      '# HELP h H.\n# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 4\nh_sum 10\nh_count 4\n',
    ],
    [
      "timestamps are written in milliseconds",
      [{ name: "t", help: "", type: "gauge", metrics: [{ labels: {}, value: 1, timestampMs: 1700000000000 }] }],
      "# HELP t \n# TYPE t gauge\nt 1 1700000000000\n",
    ],
    ["empty families are skipped", [{ name: "e", help: "E.", type: "gauge", metrics: [] }], ""],
  ];
  test.each(rows)("%s", (_name, families, want) => {
    expect(writeText(families)).toBe(want);
  });
});

test("series with other label names or another key order than the one before are written with their own", () => {
  // sortedLabelNames remembers the last key order it saw; each change must be noticed.
  const metrics: Metric[] = [
    { labels: { b: "1", a: "1" }, value: 1 },
    { labels: { a: "2", b: "2" }, value: 2 },
    { labels: { a: "3" }, value: 3 },
    { labels: {}, value: 4 },
    { labels: { a: "3", c: "5" }, value: 5 },
    { labels: { b: "6", a: "6" }, value: 6 },
  ];
  const want = [
    "# TYPE g gauge",
    "g 4",
    'g{a="3"} 3',
    'g{a="1",b="1"} 1',
    'g{a="2",b="2"} 2',
    'g{a="3",c="5"} 5',
    'g{a="6",b="6"} 6',
    "",
  ].join("\n");
  expect(writeText([{ name: "g", type: "gauge", metrics }])).toBe(want);
});

describe("names beyond the legacy charset are quoted as expfmt writes them", () => {
  const rows: [string, MetricFamily, string][] = [
    [
      "metric name inside the braces, first",
      { name: "svc.up", help: "Up.", type: "gauge", metrics: [{ labels: {}, value: 1 }, { labels: { job: "a" }, value: 0 }] },
      '# HELP "svc.up" Up.\n# TYPE "svc.up" gauge\n{"svc.up"} 1\n{"svc.up",job="a"} 0\n',
    ],
    [
      "label names quoted, colons written bare as Go does",
      { name: "up", type: "untyped", metrics: [{ labels: { "k.8s": "v", "a:b": "w", "q\"\\": "x" }, value: 1 }] },
      'up{"a:b"="w","k.8s"="v","q\\"\\\\"="x"} 1\n'.replace('"a:b"', "a:b").replace("up{", "# TYPE up untyped\nup{"),
    ],
    [
      "suffixes go inside the quotes; quantile and le stay bare",
      {
        name: "req.s",
        type: "summary",
        metrics: [{ labels: { "x.y": "1" }, summary: { sampleCount: 2, sampleSum: 3, quantiles: [{ quantile: 0.5, value: 1 }] } }],
      },
      '# TYPE "req.s" summary\n{"req.s","x.y"="1",quantile="0.5"} 1\n{"req.s_sum","x.y"="1"} 3\n{"req.s_count","x.y"="1"} 2\n',
    ],
    [
      "histogram buckets",
      { name: "h.x", type: "histogram", metrics: [{ labels: {}, histogram: { sampleCount: 1, sampleSum: 1, buckets: [{ upperBound: 1, cumulativeCount: 1 }] } }] },
      '# TYPE "h.x" histogram\n{"h.x_bucket",le="1"} 1\n{"h.x_bucket",le="+Inf"} 1\n{"h.x_sum"} 1\n{"h.x_count"} 1\n',
    ],
  ];
  test.each(rows)("%s", (_name, family, want) => expect(writeText([family])).toBe(want));
});
