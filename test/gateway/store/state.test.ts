import { describe, expect, test } from "bun:test";
import type { ReservedFamily } from "../../../src/gateway/store/consistency.ts";
import { type Clock, GatewayStore } from "../../../src/gateway/store/state.ts";
import type { StoredFamily } from "../../../src/gateway/store/stored-family.ts";
import { writeText } from "../../../src/metrics/text-writer.ts";
import type { Labels, MetricFamily, MetricType } from "../../../src/metrics/types.ts";

class FakeClock implements Clock {
  constructor(public ms = 1_700_000_000_000) {}
  now(): number {
    return this.ms;
  }
}

function fam(name: string, type: MetricType, series: [Labels, number][], help?: string): MetricFamily {
  return { name, type, help, metrics: series.map(([labels, value]) => ({ labels, value })) };
}
const g = (name: string, series: [Labels, number][] = [[{}, 1]]) => fam(name, "gauge", series);
const u = (name: string, series: [Labels, number][] = [[{}, 1]]) => fam(name, "untyped", series);
const summary = (name: string): MetricFamily => ({
  name,
  type: "summary",
  metrics: [{ labels: {}, summary: { sampleCount: 1, sampleSum: 2, quantiles: [] } }],
});
const histogram = (name: string): MetricFamily => ({
  name,
  type: "histogram",
  metrics: [{ labels: {}, histogram: { sampleCount: 1, sampleSum: 2, buckets: [] } }],
});

function exposition(store: GatewayStore): string {
  // The writer sorts in place; the store's merged families are already sorted.
  return writeText(store.families().map((f) => ({ ...f, metrics: [...f.metrics] })));
}

function newStore(opts: { ttlMs?: number; reserved?: Map<string, ReservedFamily> } = {}) {
  const clock = new FakeClock();
  return { clock, store: new GatewayStore({ clock, ...opts }) };
}

describe("group semantics", () => {
  test("a push adds grouping labels, instance and push times", () => {
    const { store } = newStore();
    expect(store.push({ job: "j" }, [g("foo", [[{ a: "1" }, 3]])], true)).toEqual({ ok: true });
    expect(exposition(store)).toBe(
      [
        "# TYPE foo gauge",
        'foo{a="1",instance="",job="j"} 3',
        "# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.",
        "# TYPE push_failure_time_seconds gauge",
        'push_failure_time_seconds{instance="",job="j"} 0',
        "# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.",
        "# TYPE push_time_seconds gauge",
        'push_time_seconds{instance="",job="j"} 1.7e+09',
        "",
      ].join("\n"),
    );
  });

  test("grouping labels override body labels; a body instance survives when the key has none", () => {
    const { store } = newStore();
    store.push({ job: "j", zone: "z" }, [g("foo", [[{ job: "other", zone: "x", instance: "i" }, 1]])], true);
    expect(exposition(store)).toContain('foo{instance="i",job="j",zone="z"} 1');
    store.push({ job: "j", instance: "" }, [g("bar", [[{ instance: "i" }, 1]])], true);
    expect(exposition(store)).toContain('bar{instance="",job="j"} 1');
  });

  test("a push repeating the stored series updates values, HELP and push times in place", () => {
    const { store, clock } = newStore();
    const sum = (count: number): MetricFamily => ({
      name: "s",
      type: "summary",
      metrics: [{ labels: {}, summary: { sampleCount: count, sampleSum: 2, quantiles: [] } }],
    });
    store.push({ job: "a" }, [fam("foo", "gauge", [[{ x: "1" }, 1], [{ x: "2" }, 2]], "first"), sum(1)], true);
    store.push({ job: "b" }, [fam("foo", "gauge", [[{ x: "1" }, 5]], "other")], true);
    const before = store.group({ job: "a" })?.families.get("foo") as StoredFamily;
    const labelsBefore = before.labelValues;
    clock.ms += 1000;
    store.push({ job: "a" }, [fam("foo", "gauge", [[{ x: "1" }, 3], [{ x: "2" }, 4]], "second"), sum(7)], true);
    const after = store.group({ job: "a" })?.families.get("foo") as StoredFamily;
    // The stored family and its label arrays are reused, not replaced.
    expect(after).toBe(before);
    expect(after.labelValues).toBe(labelsBefore);
    expect(after.toFamily().metrics.map((m) => m.value)).toEqual([3, 4]);
    expect(after?.timestampMs).toBe(clock.ms);
    const text = exposition(store);
    // The group written last gives the merged family its HELP, as before.
    expect(text).toContain("# HELP foo second\n");
    expect(text).toContain('foo{instance="",job="a",x="1"} 3\nfoo{instance="",job="a",x="2"} 4\n');
    expect(text).toContain('s_count{instance="",job="a"} 7\n');
    expect(text).toContain(`push_time_seconds{instance="",job="a"} ${clock.ms / 1000}`.replace("1700000001", "1.700000001e+09"));
    // HELP dropped by the later push is dropped from the stored family too.
    store.push({ job: "a" }, [g("foo", [[{ x: "1" }, 1], [{ x: "2" }, 2]])], false);
    expect(store.group({ job: "a" })?.families.get("foo")?.help).toBeUndefined();
    expect(exposition(store)).not.toContain("# HELP foo");
    // Keys keep the order of writes (the API lists them in it).
    expect([...(store.group({ job: "a" })?.families.keys() ?? [])]).toEqual([
      "push_failure_time_seconds",
      "s",
      "foo",
      "push_time_seconds",
    ]);
  });

  test("a push changing the series set or the type replaces the family", () => {
    const { store } = newStore();
    store.push({ job: "a" }, [g("foo", [[{ x: "1" }, 1]])], true);
    store.push({ job: "a" }, [g("foo", [[{ x: "2" }, 2]])], true);
    expect(store.push({ job: "b" }, [g("foo", [[{ x: "1" }, 3]])], true)).toEqual({ ok: true });
    store.delete({ job: "b" });
    store.push({ job: "a" }, [u("foo", [[{ x: "2" }, 2]])], true);
    expect(store.push({ job: "b" }, [g("foo", [[{ x: "1" }, 3]])], true)).toEqual({
      ok: false,
      error: "gathered metric family foo has type GAUGE but should have UNTYPED",
    });
    expect(exposition(store)).toContain('# TYPE foo untyped\nfoo{instance="",job="a",x="2"} 2\n');
  });

  test("PUT replaces all families, POST only the named ones", () => {
    const { store } = newStore();
    store.push({ job: "j" }, [g("a"), g("b")], true);
    store.push({ job: "j" }, [g("b", [[{ x: "1" }, 2]])], false);
    let text = exposition(store);
    expect(text).toContain('a{instance="",job="j"} 1');
    expect(text).toContain('b{instance="",job="j",x="1"} 2');
    expect(text).not.toContain('b{instance="",job="j"} 1');
    store.push({ job: "j" }, [g("c")], true);
    text = exposition(store);
    expect(text).not.toContain("a{");
    expect(text).not.toContain("b{");
    expect(text).toContain('c{instance="",job="j"} 1');
  });

  test("empty PUT empties the group; empty POST only touches the push time", () => {
    const { store, clock } = newStore();
    store.push({ job: "j" }, [g("a")], true);
    clock.ms += 1000;
    store.push({ job: "j" }, [], false);
    expect(exposition(store)).toContain('a{instance="",job="j"} 1');
    expect(store.group({ job: "j" })?.pushTimeMs).toBe(clock.ms);
    store.push({ job: "j" }, [], true);
    expect(exposition(store)).not.toContain("a{");
    expect(store.size).toBe(1);
  });

  test("DELETE removes the group, and deleting a missing group is fine", () => {
    const { store } = newStore();
    store.push({ job: "j" }, [g("a")], true);
    store.push({ job: "k" }, [g("a")], true);
    store.delete({ job: "j" });
    store.delete({ job: "nope" });
    expect(store.size).toBe(1);
    expect(exposition(store)).not.toContain('job="j"');
  });

  test("wipe removes everything", () => {
    const { store } = newStore();
    store.push({ job: "j" }, [g("a")], true);
    store.push({ job: "k" }, [g("b")], true);
    store.wipe();
    expect(store.size).toBe(0);
    expect(store.families()).toEqual([]);
  });

  test("pushed push_time_seconds is overridden by the gateway's", () => {
    const { store } = newStore();
    store.push({ job: "j" }, [fam("push_time_seconds", "counter", [[{}, 5]])], true);
    expect(exposition(store)).toContain('push_time_seconds{instance="",job="j"} 1.7e+09');
    expect(exposition(store)).not.toContain("counter");
  });

  test("a failed push records its time; a failed push to a new group creates it with push time 0", () => {
    const { store, clock } = newStore();
    store.push({ job: "j" }, [g("a")], true);
    clock.ms += 5000;
    expect(store.push({ job: "j" }, [{ ...g("b"), metrics: [{ labels: {}, value: 1, timestampMs: 1 }] }], true).ok).toBe(
      false,
    );
    expect(store.group({ job: "j" })?.pushFailureTimeMs).toBe(clock.ms);
    expect(store.group({ job: "j" })?.pushFailureReason).toBe("pushed metrics must not have timestamps");
    expect(exposition(store)).toContain('a{instance="",job="j"} 1');
    expect(store.push({ job: "new" }, [g("a", [[{}, 1], [{}, 2]])], true).ok).toBe(false);
    const created = store.group({ job: "new" });
    expect(created?.pushTimeMs).toBe(0);
    expect(exposition(store)).toContain('push_time_seconds{instance="",job="new"} 0');
    expect(exposition(store)).toContain(`push_failure_time_seconds{instance="",job="new"} 1.700000005e+09`);
  });
});

describe("consistency checks", () => {
  const rejects: [string, [Labels, MetricFamily[], boolean][], Labels, MetricFamily[], string][] = [
    ["timestamps", [], { job: "j" }, [{ ...g("a"), metrics: [{ labels: {}, value: 1, timestampMs: 5 }] }], "pushed metrics must not have timestamps"],
    ["type across groups", [[{ job: "a" }, [g("m")], true]], { job: "b" }, [u("m")], "gathered metric family m has type UNTYPED but should have GAUGE"],
    ["type of an empty family across groups", [[{ job: "a" }, [fam("m", "counter", [])], true]], { job: "b" }, [u("m")], "has type UNTYPED but should have COUNTER"],
    ["type vs the gateway's own", [], { job: "j" }, [g("pushgateway_http_requests_total")], "has type GAUGE but should have COUNTER"],
    ["duplicate series inside a push", [], { job: "j" }, [g("m", [[{ job: "x" }, 1], [{ job: "y" }, 2]])], "was collected before with the same name and label values"],
    ["duplicate series across groups", [[{ job: "a" }, [g("foo", [[{ x: "1" }, 1]])], true]], { job: "a", x: "1" }, [g("foo")], 'collected metric foo{instance="",job="a",x="1"} was collected before'],
    ["the same collision the other way round", [[{ job: "a", x: "1" }, [g("foo")], true]], { job: "a" }, [g("foo", [[{ x: "1" }, 1]])], "was collected before with the same name and label values"],
    ["_count next to a summary", [[{ job: "a" }, [summary("s")], true]], { job: "b" }, [u("s_count")], 'collected metric named "s_count" collides with previously collected summary named "s"'],
    ["_sum next to a summary in the same push", [], { job: "b" }, [summary("s"), u("s_sum")], "collides"],
    ["summary next to _count", [[{ job: "a" }, [u("s_count")], true]], { job: "b" }, [summary("s")], 'collected summary named "s" collides with previously collected metric named "s_count"'],
    ["_bucket next to a histogram", [[{ job: "a" }, [histogram("h")], true]], { job: "b" }, [u("h_bucket")], 'collides with previously collected histogram named "h"'],
    ["histogram next to _bucket", [[{ job: "a" }, [u("h_bucket")], true]], { job: "b" }, [histogram("h")], 'collected histogram named "h" collides with previously collected metric named "h_bucket"'],
    ["suffix vs the gateway's own summary", [], { job: "j" }, [u("pushgateway_http_push_size_bytes_count")], "collides with previously collected summary"],
    ["POSTed suffix vs a kept summary of the same group", [[{ job: "a" }, [summary("s")], true]], { job: "a" }, [u("s_count")], "collides"],
    ["invalid UTF-8 in a label value", [], { job: "j" }, [g("m", [[{ l: "\ud800" }, 1]])], 'has a label named "l" whose value is not utf8'],
    ["reserved label name", [], { job: "j" }, [g("m", [[{ __x: "1" }, 1]])], "has a label with an invalid name: __x"],
    ["quantile label on a summary", [], { job: "j" }, [{ ...summary("s"), metrics: [{ labels: { quantile: "1" }, summary: { sampleCount: 0, sampleSum: 0, quantiles: [] } }] }], 'must not have an explicit "quantile" label'],
    ["value missing for the type", [], { job: "j" }, [{ name: "m", type: "summary", metrics: [{ labels: {}, value: 1 }] }], "is not a SUMMARY"],
    ["invalid metric name", [], { job: "j" }, [g("1m")], 'metric name "1m" is not valid'],
  ];
  const reserved = new Map<string, ReservedFamily>([
    ["pushgateway_http_requests_total", { type: "counter", help: "own" }],
    ["pushgateway_http_push_size_bytes", { type: "summary", help: "own" }],
  ]);
  for (const [title, before, key, families, message] of rejects) {
    test(`rejects ${title}`, () => {
      const { store } = newStore({ reserved });
      for (const [k, f, r] of before) expect(store.push(k, f, r)).toEqual({ ok: true });
      const snapshotBefore = exposition(store);
      const res = store.push(key, families, false);
      expect(res.ok).toBe(false);
      expect(res.ok ? "" : res.error).toContain(message);
      // Nothing but push_failure_time_seconds may change, and /metrics still renders.
      const strip = (t: string) => t.split("\n").filter((l) => !l.includes("push_time_seconds") && !l.includes("push_failure_time_seconds")).join("\n");
      expect(strip(exposition(store))).toBe(strip(snapshotBefore));
    });
  }

  const accepts: [string, [Labels, MetricFamily[], boolean][], Labels, MetricFamily[]][] = [
    ["same type across groups", [[{ job: "a" }, [g("m")], true]], { job: "b" }, [g("m")]],
    ["a type change within the group that owns the name", [[{ job: "a" }, [g("m")], true]], { job: "a" }, [u("m")]],
    ["a type change by PUT elsewhere in the group", [[{ job: "a" }, [g("m"), u("other")], true]], { job: "a" }, [u("m")]],
    ["_bucket next to a summary", [[{ job: "a" }, [summary("s")], true]], { job: "b" }, [u("s_bucket")]],
    ["negative counters", [], { job: "j" }, [fam("c", "counter", [[{}, -1]])]],
    ["a summary without sum and count", [], { job: "j" }, [summary("s")]],
    ["inconsistent HELP between groups", [[{ job: "a" }, [fam("m", "gauge", [[{}, 1]], "one")], true]], { job: "b" }, [fam("m", "gauge", [[{}, 1]], "two")]],
    ["the same series again in the same group", [[{ job: "a" }, [g("m")], true]], { job: "a" }, [g("m")]],
    ["own metric name with the right type", [], { job: "j" }, [fam("pushgateway_http_requests_total", "counter", [[{ code: "200" }, 1]])]],
  ];
  for (const [title, before, key, families] of accepts) {
    test(`accepts ${title}`, () => {
      const { store } = newStore({ reserved });
      for (const [k, f, r] of before) expect(store.push(k, f, r)).toEqual({ ok: true });
      expect(store.push(key, families, true)).toEqual({ ok: true });
      expect(() => exposition(store)).not.toThrow();
    });
  }

  test("own HELP wins over a pushed HELP of the same name", () => {
    const { store } = newStore({ reserved });
    store.push({ job: "j" }, [fam("pushgateway_http_requests_total", "counter", [[{}, 1]], "mine")], true);
    expect(store.families().find((f) => f.name === "pushgateway_http_requests_total")?.help).toBe("own");
  });

  test("a failed push to {job,instance=''} next to {job} never breaks exposition", () => {
    const { store } = newStore();
    expect(store.push({ job: "j" }, [g("a")], true).ok).toBe(true);
    const res = store.push({ job: "j", instance: "" }, [g("b")], true);
    expect(res.ok).toBe(false);
    expect(res.ok ? "" : res.error).toContain('push_time_seconds{instance="",job="j"}');
    // The reference creates the colliding group here; mon must not.
    expect(store.size).toBe(1);
    const bad = store.push({ job: "j", instance: "" }, [{ ...g("b"), metrics: [{ labels: {}, value: 1, timestampMs: 1 }] }], true);
    expect(bad.ok).toBe(false);
    expect(store.size).toBe(1);
    const ids = new Set<string>();
    for (const f of store.families()) {
      for (const m of f.metrics) {
        const id = JSON.stringify([f.name, Object.entries(m.labels).sort()]);
        expect(ids.has(id)).toBe(false);
        ids.add(id);
      }
    }
  });

  test("deleting a group frees its names and series for others", () => {
    const { store } = newStore();
    store.push({ job: "a" }, [g("m", [[{ x: "1" }, 1]])], true);
    expect(store.push({ job: "b" }, [u("m")], true).ok).toBe(false);
    expect(store.push({ job: "a", x: "1" }, [g("m")], true).ok).toBe(false);
    store.delete({ job: "a" });
    expect(store.push({ job: "b" }, [u("m")], true).ok).toBe(true);
  });

  test("a replaced family frees its series within the group", () => {
    const { store } = newStore();
    store.push({ job: "a" }, [g("m", [[{ x: "1" }, 1]])], true);
    store.push({ job: "a" }, [g("m", [[{ x: "2" }, 1]])], false);
    expect(store.push({ job: "a", x: "1" }, [g("m")], true).ok).toBe(true);
  });
});

describe("exposition", () => {
  test("families merged across groups, sorted by name and series", () => {
    const { store } = newStore();
    store.push({ job: "b" }, [g("m", [[{ v: "2" }, 2]])], true);
    store.push({ job: "a" }, [g("m", [[{ v: "1" }, 1]]), g("a")], true);
    const text = exposition(store);
    expect(text.indexOf("# TYPE a gauge")).toBeLessThan(text.indexOf("# TYPE m gauge"));
    expect(text).toContain('# TYPE m gauge\nm{instance="",job="a",v="1"} 1\nm{instance="",job="b",v="2"} 2\n');
  });

  test("empty families take part in checks but are not written", () => {
    const { store } = newStore();
    store.push({ job: "a" }, [fam("e", "counter", [])], true);
    expect(exposition(store)).not.toContain("# TYPE e");
  });
});

describe("--push.ttl", () => {
  test("groups without a successful push for longer than the TTL are dropped", () => {
    const { store, clock } = newStore({ ttlMs: 60_000 });
    store.push({ job: "old" }, [g("a")], true);
    clock.ms += 30_000;
    store.push({ job: "fresh" }, [g("b")], true);
    clock.ms += 30_000;
    expect(store.expire()).toBe(0);
    clock.ms += 1;
    expect(store.groups().map((x) => x.labels.job)).toEqual(["fresh"]);
    expect(store.expiredTotal).toBe(1);
    // A push refreshes the group's place in line.
    clock.ms += 20_000;
    store.push({ job: "fresh" }, [], false);
    clock.ms += 50_000;
    expect(store.groups().map((x) => x.labels.job)).toEqual(["fresh"]);
    clock.ms += 10_001;
    expect(store.families()).toEqual([]);
    expect(store.expiredTotal).toBe(2);
  });

  test("a failed push does not keep a group alive", () => {
    const { store, clock } = newStore({ ttlMs: 1000 });
    store.push({ job: "j" }, [g("a")], true);
    clock.ms += 900;
    store.push({ job: "j" }, [{ ...g("a"), metrics: [{ labels: {}, value: 1, timestampMs: 1 }] }], true);
    clock.ms += 200;
    expect(store.groups().length).toBe(0);
  });

  test("TTL 0 keeps everything", () => {
    const { store, clock } = newStore();
    store.push({ job: "j" }, [g("a")], true);
    clock.ms += 1e12;
    expect(store.size).toBe(1);
  });
});

describe("snapshot and restore", () => {
  test("round trip keeps groups, families, times and HELP", () => {
    const { store, clock } = newStore();
    store.push({ job: "a", i: "1" }, [fam("m", "counter", [[{ x: "y" }, Number.NaN]], "help")], true);
    clock.ms += 1000;
    store.push({ job: "b" }, [summary("s"), histogram("h")], true);
    store.push({ job: "b" }, [{ ...g("x"), metrics: [{ labels: {}, value: 1, timestampMs: 1 }] }], true);
    const copy = new GatewayStore({ clock });
    expect(copy.restore(JSON.parse(JSON.stringify(store.snapshot())))).toEqual([]);
    // JSON turns NaN into null; the persistence layer takes care of that, here we compare the rest.
    const restored = new GatewayStore({ clock });
    restored.restore(store.snapshot());
    expect(exposition(restored)).toBe(exposition(store));
    expect(restored.group({ job: "b" })?.pushFailureTimeMs).toBe(clock.ms);
  });

  test("conflicting groups in a snapshot are skipped with a reason", () => {
    const { store } = newStore();
    const errors = store.restore([
      { labels: { job: "a" }, pushTimeMs: 1, pushFailureTimeMs: 0, activityMs: 1, families: [{ timestampMs: 1, family: g("m") }] },
      { labels: { job: "b" }, pushTimeMs: 1, pushFailureTimeMs: 0, activityMs: 1, families: [{ timestampMs: 1, family: u("m") }] },
    ]);
    expect(errors.length).toBe(1);
    expect(errors[0]).toContain("has type UNTYPED but should have GAUGE");
    expect(store.size).toBe(1);
    const more = store.restore([
      { labels: { job: "c", __x: "1" }, pushTimeMs: 1, pushFailureTimeMs: 0, activityMs: 1, families: [] },
      { labels: { x: "1" }, pushTimeMs: 1, pushFailureTimeMs: 0, activityMs: 1, families: [] },
    ]);
    expect(more).toEqual(['group {__x="1",job="c"}: improper label name "__x"', 'group {x="1"}: group has no job label']);
    expect(store.size).toBe(1);
  });
});
