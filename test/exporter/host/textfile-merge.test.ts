import { describe, expect, test } from "bun:test";
import { convertTextfileFamily, mergeTextfiles, type TextfileResult } from "../../../src/exporter/host/textfile-merge.ts";
import { gatherChecked } from "../../../src/metrics/gather-check.ts";
import type { MetricFamily } from "../../../src/metrics/types.ts";

const counter = (help: string | undefined, labels: Record<string, string>, value: number): MetricFamily => ({
  name: "events_total",
  help,
  type: "counter",
  metrics: [{ labels, value }],
});
const silent = { error() {} };

describe("convertTextfileFamily", () => {
  test("fills label names missing from some metrics with empty values", () => {
    const f = convertTextfileFamily({
      name: "g",
      type: "gauge",
      metrics: [
        { labels: { foo: "bar" }, value: 1 },
        { labels: {}, value: 2 },
      ],
    });
    expect(f.metrics.map((m) => m.labels)).toEqual([{ foo: "bar" }, { foo: "" }]);
  });
  test("drops an explicit +Inf bucket and orders buckets", () => {
    const f = convertTextfileFamily({
      name: "h",
      type: "histogram",
      metrics: [
        {
          labels: {},
          histogram: {
            sampleCount: 4,
            sampleSum: 1,
            buckets: [
              { upperBound: Infinity, cumulativeCount: 4 },
              { upperBound: 2, cumulativeCount: 3 },
              { upperBound: 1, cumulativeCount: 1 },
            ],
          },
        },
      ],
    });
    expect(f.metrics[0].histogram?.buckets).toEqual([
      { upperBound: 1, cumulativeCount: 1 },
      { upperBound: 2, cumulativeCount: 3 },
    ]);
  });
});

describe("mergeTextfiles", () => {
  const rows: [string, TextfileResult[], { help: string | undefined; series: number; errored: boolean; mtimes: number }][] = [
    [
      "same help merges",
      [
        { path: "d/a.prom", families: [counter("H.", { f: "a" }, 1)], mtimeSeconds: 5 },
        { path: "d/b.prom", families: [counter("H.", { f: "b" }, 2)], mtimeSeconds: 6 },
      ],
      { help: "H.", series: 2, errored: false, mtimes: 2 },
    ],
    [
      "different help keeps the first file and sets the error",
      [
        { path: "d/a.prom", families: [counter("A.", { f: "a" }, 1)], mtimeSeconds: 5 },
        { path: "d/b.prom", families: [counter("B.", { f: "b" }, 2)], mtimeSeconds: 6 },
      ],
      { help: "A.", series: 1, errored: true, mtimes: 2 },
    ],
    [
      "no help names the files",
      [
        { path: "d/a.prom", families: [counter(undefined, { f: "a" }, 1)], mtimeSeconds: 5 },
        { path: "d/b.prom", families: [counter(undefined, { f: "b" }, 2)], mtimeSeconds: 6 },
      ],
      { help: "Metric read from d/a.prom, d/b.prom", series: 2, errored: false, mtimes: 2 },
    ],
    [
      "a failed file sets the error and has no mtime",
      [
        { path: "d/a.prom", families: [counter("H.", {}, 1)], mtimeSeconds: 5 },
        { path: "d/bad.prom", error: new Error("parse error") },
      ],
      { help: "H.", series: 1, errored: true, mtimes: 1 },
    ],
    [
      "a repeated series is left to the gather check",
      [
        { path: "d/a.prom", families: [counter("H.", { f: "x" }, 1)], mtimeSeconds: 5 },
        { path: "d/b.prom", families: [counter("H.", { f: "x" }, 2)], mtimeSeconds: 6 },
      ],
      { help: "H.", series: 1, errored: false, mtimes: 2 },
    ],
  ];
  test.each(rows)("%s", (_name, results, want) => {
    const m = mergeTextfiles(results, silent);
    const f = gatherChecked(m.families).families.find((x) => x.name === "events_total");
    expect({ help: f?.help, series: f?.metrics.length ?? 0, errored: m.errored, mtimes: m.mtimes.size }).toEqual(want);
  });
});
