// apply(mutation) -> verdict as a table: every consistency rule, each with
// the verdict the store gave before it became a state machine, plus the
// determinism a cluster relies on (the same log gives the same state).

import { describe, expect, test } from "bun:test";
import { decodeMutation, encodeMutation, type Mutation, type Verdict } from "../../../src/gateway/store/mutation-codec.ts";
import { GatewayStore } from "../../../src/gateway/store/state.ts";
import type { Labels, MetricFamily, MetricType } from "../../../src/metrics/types.ts";

const T0 = 1_700_000_000_000;

function fam(name: string, type: MetricType, series: Labels[] = [{}], help?: string): MetricFamily {
  const metric = (labels: Labels) =>
    type === "summary"
      ? { labels, summary: { sampleCount: 1, sampleSum: 1, quantiles: [] } }
      : type === "histogram"
        ? { labels, histogram: { sampleCount: 1, sampleSum: 1, buckets: [] } }
        : { labels, value: 1 };
  return { name, type, help, metrics: series.map(metric) };
}

const put = (key: Labels, ...families: MetricFamily[]): Mutation => ({ kind: "push", atMs: T0, key, families, replace: true });
const post = (key: Labels, ...families: MetricFamily[]): Mutation => ({ kind: "push", atMs: T0, key, families, replace: false });
const A = { job: "a" };
const B = { job: "b" };

interface Row {
  rule: string;
  before?: Mutation[];
  apply: Mutation;
  verdict: Verdict;
}

const REJECTED = (error: string): Verdict => ({ ok: false, error });

const ROWS: Row[] = [
  { rule: "a new group is accepted", apply: put(A, fam("m", "gauge")), verdict: { ok: true } },
  {
    rule: "pushed samples must not carry timestamps",
    apply: put(A, { name: "m", type: "gauge", metrics: [{ labels: {}, value: 1, timestampMs: 5 }] }),
    verdict: REJECTED("pushed metrics must not have timestamps"),
  },
  { rule: "metric names must be valid", apply: put(A, fam("1m", "gauge")), verdict: REJECTED('metric name "1m" is not valid') },
  {
    rule: "a name keeps its type across groups",
    before: [put(A, fam("m", "gauge"))],
    apply: put(B, fam("m", "untyped")),
    verdict: REJECTED("gathered metric family m has type UNTYPED but should have GAUGE"),
  },
  { rule: "the same type in another group is fine", before: [put(A, fam("m", "gauge", [{ x: "1" }]))], apply: put(B, fam("m", "gauge", [{ x: "1" }])), verdict: { ok: true } },
  { rule: "a group may change the type of a name only it holds", before: [put(A, fam("m", "gauge"))], apply: put(A, fam("m", "counter")), verdict: { ok: true } },
  {
    rule: "the gateway's own families keep their type",
    apply: put(A, fam("own_total", "gauge")),
    verdict: REJECTED("gathered metric family own_total has type GAUGE but should have COUNTER"),
  },
  {
    rule: "a _count beside a summary of the same base",
    before: [put(A, fam("s", "summary"))],
    apply: put(B, fam("s_count", "gauge")),
    verdict: REJECTED('collected metric named "s_count" collides with previously collected summary named "s"'),
  },
  { rule: "a _bucket beside a summary is fine", before: [put(A, fam("s", "summary"))], apply: put(B, fam("s_bucket", "gauge")), verdict: { ok: true } },
  {
    rule: "a _bucket beside a histogram",
    before: [put(A, fam("h", "histogram"))],
    apply: post(A, fam("h_bucket", "gauge")),
    verdict: REJECTED('collected metric named "h_bucket" collides with previously collected histogram named "h"'),
  },
  {
    rule: "a histogram whose _sum name is taken",
    before: [put(A, fam("h_sum", "gauge"))],
    apply: put(B, fam("h", "histogram")),
    verdict: REJECTED('collected histogram named "h" collides with previously collected metric named "h_sum"'),
  },
  {
    rule: "a summary colliding with a name kept by POST in the same group",
    before: [put(A, fam("s_count", "gauge"))],
    apply: post(A, fam("s", "summary")),
    verdict: REJECTED('collected summary named "s" collides with previously collected metric named "s_count"'),
  },
  { rule: "PUT drops the group's colliding name first", before: [put(A, fam("s_count", "gauge"))], apply: put(A, fam("s", "summary")), verdict: { ok: true } },
  {
    rule: "a sample must match its family's type",
    apply: put(A, { name: "m", type: "summary", metrics: [{ labels: {}, value: 1 }] }),
    verdict: REJECTED('collected metric m{instance="",job="a"} is not a SUMMARY'),
  },
  {
    rule: "label names must be valid",
    apply: put(A, fam("m", "gauge", [{ "1x": "v" }])),
    verdict: REJECTED('collected metric m{1x="v",instance="",job="a"} has a label with an invalid name: 1x'),
  },
  {
    rule: "label names starting with __ are reserved",
    apply: put(A, fam("m", "gauge", [{ __x: "v" }])),
    verdict: REJECTED('collected metric m{__x="v",instance="",job="a"} has a label with an invalid name: __x'),
  },
  {
    rule: "a summary must not carry quantile",
    apply: put(A, fam("s", "summary", [{ quantile: "0.5" }])),
    verdict: REJECTED('collected metric s{instance="",job="a",quantile="0.5"} must not have an explicit "quantile" label'),
  },
  {
    rule: "a histogram must not carry le",
    apply: put(A, fam("h", "histogram", [{ le: "1" }])),
    verdict: REJECTED('collected metric h{instance="",job="a",le="1"} must not have an explicit "le" label'),
  },
  {
    rule: "label values must be valid UTF-8",
    apply: put(A, fam("m", "gauge", [{ x: "\uD800" }])),
    verdict: REJECTED('collected metric m{instance="",job="a",x="\\ud800"} has a label named "x" whose value is not utf8'),
  },
  {
    rule: "a series twice in one push",
    apply: put(A, fam("m", "gauge", [{ x: "1" }, { x: "1" }])),
    verdict: REJECTED('collected metric m{instance="",job="a",x="1"} was collected before with the same name and label values'),
  },
  {
    rule: "a summary with a quantile twice (0 and -0 are one series as exposed)",
    apply: put(A, {
      name: "s",
      type: "summary",
      metrics: [{ labels: {}, summary: { sampleCount: 1, sampleSum: 1, quantiles: [{ quantile: 0, value: 1 }, { quantile: 0.5, value: 1 }, { quantile: -0, value: 2 }] } }],
    }),
    verdict: REJECTED('collected metric s{instance="",job="a",quantile="0"} was collected before with the same name and label values'),
  },
  {
    rule: "a histogram with a bucket bound twice",
    apply: put(A, {
      name: "h",
      type: "histogram",
      metrics: [{ labels: { x: "1" }, histogram: { sampleCount: 2, sampleSum: 1, buckets: [{ upperBound: 1, cumulativeCount: 1 }, { upperBound: Infinity, cumulativeCount: 2 }, { upperBound: Infinity, cumulativeCount: 2 }] } }],
    }),
    verdict: REJECTED('collected metric h_bucket{instance="",job="a",le="+Inf",x="1"} was collected before with the same name and label values'),
  },
  {
    rule: "distinct quantiles and bounds are fine",
    apply: put(A, {
      name: "s",
      type: "summary",
      metrics: [{ labels: {}, summary: { sampleCount: 1, sampleSum: 1, quantiles: [{ quantile: 0.5, value: 1 }, { quantile: 0.9, value: 1 }] } }],
    }),
    verdict: { ok: true },
  },
  {
    rule: "a series another group holds",
    before: [put({ job: "a", x: "1" }, fam("m", "gauge"))],
    apply: put(A, fam("m", "gauge", [{ x: "1" }])),
    verdict: REJECTED('collected metric m{instance="",job="a",x="1"} was collected before with the same name and label values'),
  },
  {
    rule: "a group whose push-time series another group has (instance=\"\" vs none)",
    before: [put(A, fam("m", "gauge"))],
    apply: put({ job: "a", instance: "" }, fam("n", "gauge")),
    verdict: REJECTED('collected metric push_time_seconds{instance="",job="a"} was collected before with the same name and label values'),
  },
  { rule: "a pushed push_time_seconds is ignored", apply: put(A, fam("push_time_seconds", "counter")), verdict: { ok: true } },
  { rule: "a repeated family name: the later one counts", apply: put(A, fam("m", "gauge", [{ x: "1" }]), fam("m", "gauge", [{ x: "2" }])), verdict: { ok: true } },
  { rule: "DELETE of a missing group", apply: { kind: "delete", atMs: T0, key: A }, verdict: { ok: true } },
  { rule: "wipe", before: [put(A, fam("m", "gauge"))], apply: { kind: "wipe", atMs: T0 }, verdict: { ok: true } },
  { rule: "expiry", before: [put(A, fam("m", "gauge"))], apply: { kind: "expire", atMs: T0 + 1e9 }, verdict: { ok: true } },
];

function newStore(ttlMs = 0): GatewayStore {
  return new GatewayStore({
    clock: { now: () => T0 },
    reserved: new Map([["own_total", { type: "counter", help: "own" }]]),
    ttlMs,
    expireOnRead: false,
  });
}

describe("apply: consistency rules", () => {
  for (const row of ROWS) {
    test(row.rule, () => {
      const store = newStore();
      for (const m of row.before ?? []) expect(store.apply(m)).toEqual({ ok: true });
      expect(store.apply(row.apply)).toEqual(row.verdict);
      // The same mutation through the codec gets the same verdict on a store with the same past.
      const replica = newStore();
      for (const m of row.before ?? []) replica.apply(decodeMutation(encodeMutation(m)));
      expect(replica.apply(decodeMutation(encodeMutation(row.apply)))).toEqual(row.verdict);
      expect(replica.snapshot()).toEqual(store.snapshot());
    });
  }

  test("a refused push changes only the group's failure time, at the mutation's time", () => {
    const store = newStore();
    store.apply(put(A, fam("m", "gauge")));
    store.apply({ ...put(B, fam("m", "counter")), atMs: T0 + 5000 });
    expect(store.group(B)?.pushFailureTimeMs).toBe(T0 + 5000);
    expect(store.group(B)?.pushTimeMs).toBe(0);
    store.apply({ ...put(A, fam("m", "counter", [{ x: "1" }, { x: "1" }])), atMs: T0 + 7000 });
    expect(store.group(A)?.pushTimeMs).toBe(T0);
    expect(store.group(A)?.pushFailureTimeMs).toBe(T0 + 7000);
    expect(store.families().find((f) => f.name === "m")?.type).toBe("gauge");
  });

  test("push times come from the mutation, not from any clock", () => {
    const store = newStore();
    store.apply({ ...put(A, fam("m", "gauge")), atMs: 42_000 });
    expect(store.group(A)?.pushTimeMs).toBe(42_000);
  });
});

describe("apply: determinism", () => {
  test("the same log gives the same verdicts and state, expiry included", () => {
    const log: Mutation[] = [];
    for (let i = 0; i < 200; i++) {
      const key = { job: `j${i % 7}`, ...(i % 3 === 0 ? { instance: "" } : {}) };
      const type: MetricType = i % 5 === 0 ? "counter" : "gauge";
      const at = T0 + i * 1000;
      if (i % 17 === 0) log.push({ kind: "delete", atMs: at, key });
      else if (i % 29 === 0) log.push({ kind: "expire", atMs: at });
      else log.push({ kind: "push", atMs: at, key, families: [fam(`m${i % 4}`, type, [{ x: String(i % 6) }])], replace: i % 2 === 0 });
    }
    const a = newStore(20_000);
    const b = newStore(20_000);
    const verdictsA = log.map((m) => a.apply(m));
    const verdictsB = log.map((m) => b.apply(decodeMutation(encodeMutation(m))));
    expect(verdictsB).toEqual(verdictsA);
    expect(verdictsA.some((v) => !v.ok)).toBe(true);
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(b.expiredTotal).toBe(a.expiredTotal);
    expect(a.expiredTotal).toBeGreaterThan(0);
  });

  test("a store restored from a snapshot equals the store it was taken of, write order included", () => {
    const live = newStore();
    live.apply(put(A, fam("m", "gauge", [{ x: "1" }], "first"), fam("n", "gauge")));
    live.apply({ ...put(B, fam("m", "gauge", [{ x: "2" }], "second")), atMs: T0 + 1 });
    live.apply({ ...post(A, fam("n", "gauge", [{}], "again")), atMs: T0 + 2 });
    live.apply({ ...put(B, fam("m", "counter")), atMs: T0 + 3 });
    live.apply({ ...put({ job: "c" }, fam("m", "gauge", [{ x: "3" }], "third")), atMs: T0 + 4 });
    live.apply({ ...put(A, fam("m", "gauge", [{ x: "1" }], "fourth")), atMs: T0 + 5 });
    const copy = newStore();
    copy.restore(JSON.parse(JSON.stringify(live.snapshot())));
    expect(copy.snapshot()).toEqual(live.snapshot());
    const order = (st: GatewayStore) => st.groups().map((g) => [...g.families].map(([n, f]) => [n, f.timestampMs]));
    expect(order(copy)).toEqual(order(live));
    expect(copy.families()).toEqual(live.families());
    // Later writes keep their place after the restored ones.
    for (const st of [live, copy]) st.apply({ ...put(B, fam("m", "gauge", [{ x: "9" }], "fifth")), atMs: T0 + 6 });
    expect(copy.families()).toEqual(live.families());
    expect(order(copy)).toEqual(order(live));
  });

  test("a store with expireOnRead off never expires on its own", () => {
    const store = newStore(1000);
    store.apply(put(A, fam("m", "gauge")));
    expect(store.groups().length).toBe(1);
    expect(store.families().length).toBeGreaterThan(0);
    store.apply({ kind: "expire", atMs: T0 + 1001 });
    expect(store.groups().length).toBe(0);
  });

  test("listeners hear each applied change once, with its mutation and verdict", () => {
    const store = newStore();
    const heard: [string | undefined, boolean][] = [];
    store.onChange((m, v) => heard.push([m?.kind, v.ok]));
    store.apply(put(A, fam("m", "gauge")));
    store.apply(put(B, fam("m", "counter")));
    store.apply({ kind: "delete", atMs: T0, key: { job: "none" } });
    store.apply({ kind: "wipe", atMs: T0 });
    expect(heard).toEqual([
      ["push", true],
      ["push", false],
      ["wipe", true],
    ]);
  });
});
