import { describe, expect, test } from "bun:test";
import { describeGatherErrors, gatherChecked } from "../../src/metrics/gather-check.ts";
import type { Metric, MetricFamily, MetricType } from "../../src/metrics/types.ts";

const fam = (name: string, type: MetricType, help: string | undefined, metrics: Metric[]): MetricFamily => ({
  name,
  type,
  help,
  metrics,
});
const v = (value: number, labels: Record<string, string> = {}, timestampMs?: number): Metric => ({ labels, value, timestampMs });
const values = (families: MetricFamily[], name: string) =>
  families.find((f) => f.name === name)?.metrics.map((m) => [m.labels, m.value]);

describe("gatherChecked", () => {
  test("families of one name, HELP and type merge, sorted by name and labels", () => {
    const g = gatherChecked([
      fam("b", "gauge", "B.", [v(2, { x: "2" })]),
      fam("a", "counter", "A.", [v(1)]),
      fam("b", "gauge", "B.", [v(1, { x: "1" })]),
    ]);
    expect(g.errors).toEqual([]);
    expect(g.families.map((f) => f.name)).toEqual(["a", "b"]);
    expect(values(g.families, "b")).toEqual([
      [{ x: "1" }, 1],
      [{ x: "2" }, 2],
    ]);
  });

  test("the families passed in are left as they were: merging, sorting and dropping work on copies", () => {
    const first = [v(2, { x: "2" }), v(2, { x: "2" })];
    const second = [v(1, { x: "1" })];
    const g = gatherChecked([fam("b", "gauge", "B.", first), fam("b", "gauge", "B.", second)]);
    expect(values(g.families, "b")).toEqual([
      [{ x: "1" }, 1],
      [{ x: "2" }, 2],
    ]);
    expect(first.map((m) => m.labels)).toEqual([{ x: "2" }, { x: "2" }]);
    expect(second.map((m) => m.labels)).toEqual([{ x: "1" }]);
  });

  test("another HELP for a gathered name is refused; the first stays", () => {
    const g = gatherChecked([fam("node_load1", "gauge", "1m load average.", [v(0.5)]), fam("node_load1", "gauge", "Mine.", [v(5)])]);
    expect(values(g.families, "node_load1")).toEqual([[{}, 0.5]]);
    expect(g.errors).toEqual([
      'collected metric node_load1 gauge:{value:5} has help "Mine." but should have "1m load average."',
    ]);
  });

  test("another type for a gathered name is refused (a textfile's counter node_load1)", () => {
    const g = gatherChecked([
      fam("node_load1", "gauge", "1m load average.", [v(0.5)]),
      fam("node_load1", "counter", "1m load average.", [v(5)]),
    ]);
    expect(values(g.families, "node_load1")).toEqual([[{}, 0.5]]);
    expect(g.errors).toEqual(["collected metric node_load1 counter:{value:5} should be a Gauge"]);
    const u = gatherChecked([fam("m", "untyped", "", [v(1)]), fam("m", "gauge", "", [v(2)])]);
    expect(u.errors).toEqual(["collected metric m gauge:{value:2} should be Untyped"]);
  });

  test("no HELP and an empty HELP are the same", () => {
    expect(gatherChecked([fam("m", "gauge", undefined, [v(1, { a: "1" })]), fam("m", "gauge", "", [v(2, { a: "2" })])]).errors).toEqual(
      [],
    );
  });

  test("a repeated series is refused and the first one gathered kept", () => {
    const g = gatherChecked([
      fam("node_hwmon_temp_celsius", "gauge", "T.", [v(55, { chip: "phy0", sensor: "temp1" })]),
      fam("node_hwmon_temp_celsius", "gauge", "T.", [v(56, { chip: "phy0", sensor: "temp1" }), v(1, { chip: "a", sensor: "temp1" })]),
    ]);
    expect(values(g.families, "node_hwmon_temp_celsius")).toEqual([
      [{ chip: "a", sensor: "temp1" }, 1],
      [{ chip: "phy0", sensor: "temp1" }, 55],
    ]);
    expect(g.errors).toEqual([
      'collected metric "node_hwmon_temp_celsius" { label:{name:"chip" value:"phy0"} label:{name:"sensor" value:"temp1"} gauge:{value:56}} was collected before with the same name and label values',
    ]);
  });

  test("the same values under other label names are another series, even between repeats", () => {
    const g = gatherChecked([fam("m", "gauge", "", [v(1, { a: "x" }), v(2, { b: "x" }), v(3, { a: "x" }), v(4, { b: "x" })])]);
    expect(values(g.families, "m")).toEqual([
      [{ a: "x" }, 1],
      [{ b: "x" }, 2],
    ]);
    expect(g.errors).toHaveLength(2);
  });

  test("a timestamp makes another series", () => {
    const g = gatherChecked([fam("m", "gauge", "", [v(1, {}, 5), v(2), v(3, {}, 5), v(4, {}, 0)])]);
    expect(g.families[0].metrics.map((m) => m.value)).toEqual([2, 4, 1]);
    expect(g.errors).toHaveLength(1);
  });

  const collisions: [string, MetricFamily[], string][] = [
    [
      "a _count after a summary",
      [fam("rpc", "summary", "", [{ labels: {}, summary: { sampleCount: 1, sampleSum: 1, quantiles: [] } }]), fam("rpc_count", "gauge", "", [v(1)])],
      'collected metric named "rpc_count" collides with previously collected summary named "rpc"',
    ],
    [
      "a _bucket after a histogram",
      [fam("h", "histogram", "", [{ labels: {}, histogram: { sampleCount: 1, sampleSum: 1, buckets: [] } }]), fam("h_bucket", "gauge", "", [v(1)])],
      'collected metric named "h_bucket" collides with previously collected histogram named "h"',
    ],
    [
      "a summary after its _sum",
      [fam("rpc_sum", "gauge", "", [v(1)]), fam("rpc", "summary", "", [{ labels: {}, summary: { sampleCount: 1, sampleSum: 1, quantiles: [] } }])],
      'collected histogram or summary named "rpc" collides with previously collected metric named "rpc_sum"',
    ],
    [
      "a histogram after its _bucket",
      [fam("h_bucket", "gauge", "", [v(1)]), fam("h", "histogram", "", [{ labels: {}, histogram: { sampleCount: 1, sampleSum: 1, buckets: [] } }])],
      'collected histogram named "h" collides with previously collected metric named "h_bucket"',
    ],
  ];
  test.each(collisions)("%s is refused", (_name, families, error) => {
    const g = gatherChecked(families);
    expect(g.errors).toEqual([error]);
    expect(g.families.map((f) => f.name)).toEqual([families[0].name]);
  });

  test("a summary's own quantile label is refused", () => {
    const g = gatherChecked([
      fam("s", "summary", "", [{ labels: { quantile: "0.5" }, summary: { sampleCount: 1, sampleSum: 2, quantiles: [] } }]),
    ]);
    expect(g.families).toEqual([]);
    expect(g.errors[0]).toContain('must not have an explicit "quantile" label');
  });

  test("families without metrics are left out", () => {
    expect(gatherChecked([fam("empty", "gauge", "", []), fam("m", "gauge", "", [v(1)])]).families.map((f) => f.name)).toEqual(["m"]);
  });

  test("errors read as client_golang's MultiError", () => {
    expect(describeGatherErrors(["one", "two"])).toBe("2 error(s) occurred:\n* one\n* two");
  });
});
