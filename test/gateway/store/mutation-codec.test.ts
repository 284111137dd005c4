import { describe, expect, test } from "bun:test";
import {
  MUTATION_CODEC_VERSION,
  type Mutation,
  MutationCodecError,
  decodeMutation,
  encodeMutation,
} from "../../../src/gateway/store/mutation-codec.ts";

const AT = 1_700_000_000_123;

const ROUND_TRIPS: [string, Mutation][] = [
  ["PUT of a gauge", { kind: "push", atMs: AT, key: { job: "j", instance: "i" }, replace: true, families: [{ name: "m", type: "gauge", help: "h", metrics: [{ labels: { a: "1" }, value: 2.5 }] }] }],
  ["POST with no families", { kind: "push", atMs: AT, key: { job: "j" }, replace: false, families: [] }],
  [
    "special floats and an empty HELP",
    {
      kind: "push",
      atMs: AT,
      key: { job: "j" },
      replace: true,
      families: [
        {
          name: "c",
          type: "counter",
          help: "",
          metrics: [Number.NaN, Infinity, -Infinity, -0, 2 ** 60].map((value, i) => ({ labels: { i: String(i) }, value })),
        },
      ],
    },
  ],
  ["no HELP at all, untyped, timestamps", { kind: "push", atMs: AT, key: { job: "j" }, replace: true, families: [{ name: "u", type: "untyped", metrics: [{ labels: {}, value: 1, timestampMs: 123 }] }] }],
  [
    "summary",
    { kind: "push", atMs: AT, key: { job: "j" }, replace: true, families: [{ name: "s", type: "summary", metrics: [{ labels: {}, summary: { sampleCount: 3, sampleSum: 1.5, quantiles: [{ quantile: 0.5, value: Number.NaN }] } }] }] },
  ],
  [
    "classic and native histogram",
    {
      kind: "push",
      atMs: AT,
      key: { job: "j" },
      replace: true,
      families: [
        {
          name: "h",
          type: "histogram",
          metrics: [
            { labels: {}, histogram: { sampleCount: 2, sampleSum: 3, buckets: [{ upperBound: 1, cumulativeCount: 1 }, { upperBound: Infinity, cumulativeCount: 2 }], createdTimestampMs: 5 } },
            {
              labels: { n: "1" },
              histogram: {
                sampleCount: 4,
                sampleSum: 8,
                buckets: [],
                native: {
                  schema: -2,
                  zeroThreshold: 1e-128,
                  zeroCount: 1,
                  negativeSpans: [{ offset: -3, length: 2 }],
                  negativeDeltas: [1, -1],
                  negativeCounts: [],
                  positiveSpans: [],
                  positiveDeltas: [],
                  positiveCounts: [0.5],
                  sampleCountFloat: 4.5,
                },
              },
            },
          ],
        },
      ],
    },
  ],
  ["a sample without content (apply refuses it; the codec keeps it)", { kind: "push", atMs: AT, key: { job: "j" }, replace: true, families: [{ name: "g", type: "gauge", metrics: [{ labels: {} }] }] }],
  ["non-ASCII and lone surrogates", { kind: "push", atMs: AT, key: { job: "ジョブ", "x": "\uD800a" }, replace: true, families: [{ name: "m", type: "gauge", help: "é\uDC00", metrics: [{ labels: { v: "😀" }, value: 1 }] }] }],
  [
    "UTF-8 metric and label names (--push.enable-utf8-names)",
    {
      kind: "push",
      atMs: AT,
      key: { job: "j", "zone.id": "eu", "région": "ouest" },
      replace: false,
      families: [
        { name: "app.jobs", type: "counter", help: "Jobs.", metrics: [{ labels: { "svc.name": "api", "温度 °C": "1", "x\"y": "q" }, value: 3 }] },
        { name: "лат.s", type: "summary", metrics: [{ labels: { "😀": "" }, summary: { sampleCount: 1, sampleSum: 2, quantiles: [] } }] },
      ],
    },
  ],
  ["DELETE", { kind: "delete", atMs: AT, key: { job: "j", b: "", a: "x" } }],
  ["DELETE of a group with a UTF-8 label name", { kind: "delete", atMs: AT, key: { job: "j", "zone.id": "eu" } }],
  ["wipe", { kind: "wipe", atMs: AT }],
  ["expire", { kind: "expire", atMs: 0 }],
];

describe("mutation codec", () => {
  for (const [what, m] of ROUND_TRIPS) {
    test(`round trip: ${what}`, () => {
      const decoded = decodeMutation(encodeMutation(m));
      expect(decoded).toEqual(m);
      // toEqual treats -0 and 0 alike, and key order does not count for it; both matter here.
      expect(Bun.deepEquals(decoded, m, true)).toBe(true);
      if (decoded.kind !== "expire" && decoded.kind !== "wipe") expect(Object.keys(decoded.key)).toEqual(Object.keys((m as { key: object }).key));
    });
  }

  test("-0 stays -0 and NaN stays NaN", () => {
    const m = ROUND_TRIPS[2][1];
    const d = decodeMutation(encodeMutation(m));
    if (d.kind !== "push") throw new Error("not a push");
    expect(Object.is(d.families[0].metrics[3].value, -0)).toBe(true);
    expect(Number.isNaN(d.families[0].metrics[0].value)).toBe(true);
  });

  test("a long string moves its bytes when its length prefix is shorter than reserved", () => {
    const long = "x".repeat(100);
    const m: Mutation = { kind: "delete", atMs: AT, key: { job: long, é: "é".repeat(30) } };
    expect(decodeMutation(encodeMutation(m))).toEqual(m);
  });

  test("starts with the version and the kind", () => {
    const bytes = encodeMutation({ kind: "wipe", atMs: 1 });
    expect([...bytes.subarray(0, 2)]).toEqual([MUTATION_CODEC_VERSION, 4]);
    expect(bytes.length).toBe(10);
  });

  const BAD: [string, Uint8Array, string][] = [
    ["empty", new Uint8Array([]), "truncated at byte 0 reading version"],
    ["unknown version", new Uint8Array([9, 4, 0, 0, 0, 0, 0, 0, 0, 0]), "mutation format version 9 is not supported"],
    ["unknown kind", new Uint8Array([1, 77, 0, 0, 0, 0, 0, 0, 0, 0]), "unknown mutation kind 77"],
    ["truncated time", new Uint8Array([1, 4, 0, 0]), "truncated at byte 2 reading atMs"],
    ["trailing bytes", new Uint8Array([1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 7]), "1 unexpected bytes after the mutation at byte 10"],
    ["a count larger than the data", new Uint8Array([1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0x03]), "exceeds the bytes left"],
    ["bad UTF-8", new Uint8Array([1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0xff, 0]), "grouping key name at byte 11 is not valid UTF-8"],
  ];
  for (const [what, bytes, message] of BAD) {
    test(`refuses ${what}`, () => {
      expect(() => decodeMutation(bytes)).toThrow(MutationCodecError);
      expect(() => decodeMutation(bytes)).toThrow(message);
    });
  }

  test("every truncation of a real mutation is refused, never misread", () => {
    const bytes = encodeMutation(ROUND_TRIPS[5][1]);
    for (let n = 0; n < bytes.length; n++) expect(() => decodeMutation(bytes.subarray(0, n))).toThrow(MutationCodecError);
  });
});
