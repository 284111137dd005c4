import { describe, expect, test } from "bun:test";
import { decodeDelimited, encodeDelimited, ProtobufDecodeError } from "../../src/metrics/protobuf-decoder.ts";
import { WireReader, WireWriter } from "../../src/metrics/protobuf-wire.ts";
import type { MetricFamily } from "../../src/metrics/types.ts";

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const roundTrips: [string, MetricFamily[]][] = [
  ["empty input", []],
  ["counter with help and labels", [{ name: "a_total", help: "Help.", type: "counter", metrics: [{ labels: { x: "1", y: "ü \"q\"" }, value: 3.5 }] }]],
  ["gauge without help, negative and special values", [{ name: "g", type: "gauge", metrics: [{ labels: { v: "a" }, value: -1.5e-7 }, { labels: { v: "b" }, value: Infinity }, { labels: { v: "c" }, value: Number.NaN }] }]],
  ["label names that are Object.prototype keys", [{ name: "p", type: "gauge", metrics: [{ labels: { ["__proto__"]: "x", constructor: "y" }, value: 1 }] }]],
  ["empty help is kept apart from no help", [{ name: "g", help: "", type: "gauge", metrics: [{ labels: {}, value: 0 }] }]],
  ["untyped with timestamps (positive and negative)", [{ name: "u", type: "untyped", metrics: [{ labels: {}, value: 1, timestampMs: 1700000000123 }, { labels: { a: "b" }, value: 2, timestampMs: -5 }] }]],
  [
    "summary",
    [
      {
        name: "s",
        help: "A summary.",
        type: "summary",
        metrics: [{ labels: { m: "GET" }, summary: { sampleCount: 2 ** 53, sampleSum: 12.5, quantiles: [{ quantile: 0.5, value: 1 }, { quantile: 0.99, value: Number.NaN }] } }],
      },
    ],
  ],
  [
    "classic histogram incl. float bucket count",
    [
      {
        name: "h",
        type: "histogram",
        metrics: [
          {
            labels: {},
            histogram: {
              sampleCount: 4,
              sampleSum: 2.25,
              buckets: [
                { upperBound: 0.1, cumulativeCount: 0 },
                { upperBound: 1, cumulativeCount: 2.5 },
                { upperBound: Infinity, cumulativeCount: 4 },
              ],
            },
          },
        ],
      },
    ],
  ],
  [
    "native histogram with every field",
    [
      {
        name: "n",
        type: "histogram",
        metrics: [
          {
            labels: { k: "v" },
            histogram: {
              sampleCount: 7,
              sampleSum: -3.25,
              buckets: [],
              createdTimestampMs: 1700000000250,
              native: {
                schema: -3,
                zeroThreshold: 2.938735877055719e-39,
                zeroCount: 1,
                zeroCountFloat: 0.5,
                negativeSpans: [{ offset: -2, length: 2 }],
                negativeDeltas: [1, -1],
                negativeCounts: [],
                positiveSpans: [
                  { offset: 0, length: 1 },
                  { offset: 3, length: 2 },
                ],
                positiveDeltas: [2, -1, 3],
                positiveCounts: [],
              },
            },
          },
        ],
      },
    ],
  ],
  [
    "float native histogram (sample_count_float, absolute counts)",
    [
      {
        name: "f",
        type: "histogram",
        metrics: [
          {
            labels: {},
            histogram: {
              sampleCount: 5.5,
              sampleSum: 1,
              buckets: [],
              native: {
                schema: 0,
                zeroThreshold: 0,
                zeroCountFloat: 1.5,
                negativeSpans: [],
                negativeDeltas: [],
                negativeCounts: [],
                positiveSpans: [{ offset: 1, length: 2 }],
                positiveDeltas: [],
                positiveCounts: [1.5, 2.5],
                sampleCountFloat: 5.5,
              },
            },
          },
        ],
      },
    ],
  ],
  [
    "several families, same name twice kept in order",
    [
      { name: "b", type: "gauge", metrics: [{ labels: {}, value: 1 }] },
      { name: "a", type: "counter", metrics: [] },
      { name: "b", type: "gauge", metrics: [{ labels: {}, value: 2 }] },
    ],
  ],
];

describe("encodeDelimited then decodeDelimited is the identity", () => {
  test.each(roundTrips)("%s", (_name, families) => {
    const copy = structuredClone(families);
    expect(decodeDelimited(encodeDelimited(families))).toEqual(copy);
  });

  test("a large family (length prefixes over one byte)", () => {
    const metrics = Array.from({ length: 3000 }, (_, i) => ({ labels: { i: String(i).padStart(5, "0") }, value: i }));
    const families: MetricFamily[] = [{ name: "big", help: "x".repeat(300), type: "gauge", metrics }];
    expect(decodeDelimited(encodeDelimited(families))).toEqual(structuredClone(families));
  });
});

describe("encodeDelimited writes what Go's proto.Marshal writes", () => {
  test("gauge family byte for byte", () => {
    const bytes = encodeDelimited([{ name: "a", type: "gauge", metrics: [{ labels: {}, value: 1 }] }]);
    // len 18 | name "a" | type GAUGE | metric(len 11){ gauge(len 9){ value 1.0 } }
    expect(toHex(bytes)).toBe("120a0161180122 0b12090900000000 0000f03f".replace(/ /g, ""));
  });

  test("labels are sorted by name", () => {
    const bytes = encodeDelimited([{ name: "a", type: "untyped", metrics: [{ labels: { z: "1", b: "2" }, value: 0 }] }]);
    const decoded = decodeDelimited(bytes);
    expect(Object.keys(decoded[0].metrics[0].labels)).toEqual(["b", "z"]);
  });
});

describe("hand-assembled vectors", () => {
  const rows: [string, string, MetricFamily[]][] = [
    [
      "gauge family",
      "12 0a0161 1801 220b 1209 09000000000000f03f",
      [{ name: "a", type: "gauge", metrics: [{ labels: {}, value: 1 }] }],
    ],
    [
      "no type field means COUNTER",
      "10 0a0163 220b 1a09 090000000000000040",
      [{ name: "c", type: "counter", metrics: [{ labels: {}, value: 2 }] }],
    ],
    [
      "type after the metrics, labels, timestamp, unknown fields of every wire type",
      // name "u"; metric{ label{x=y}; untyped{value 0.5}; timestamp_ms 1000; field 99 varint };
      // field 20 fixed32; field 21 fixed64; field 22 LEN "zz"; field 23 group{ field 1 varint 5 }; type UNTYPED
      "3b 0a0175" +
        "2219 0a060a0178120179 2a09 09000000000000e03f 30e807 9806 01" +
        "a5010d0c0b0a a9010000000000000000 b201027a7a bb01 0805 bc01" +
        "1803",
      [{ name: "u", type: "untyped", metrics: [{ labels: { x: "y" }, value: 0.5, timestampMs: 1000 }] }],
    ],
    [
      "known field with the wrong wire type is skipped as unknown",
      // name sent as varint (field 1, wire 0) is ignored; then the real name
      "07 0801 0a0167 1801",
      [{ name: "g", type: "gauge", metrics: [] }],
    ],
    [
      "unknown MetricType enum value falls back to COUNTER",
      "12 0a0163 1809 220b 1a09 090000000000000040",
      [{ name: "c", type: "counter", metrics: [{ labels: {}, value: 2 }] }],
    ],
    [
      "GAUGE_HISTOGRAM is decoded as a histogram",
      // name "g"; type 5; metric{ histogram{ sample_count 3; sample_sum 1.5; bucket{count 3, le 1} } }
      "21 0a0167 1805 221a 3a18 0803 11000000000000f83f 1a0b 0803 11000000000000f03f",
      [{ name: "g", type: "histogram", metrics: [{ labels: {}, histogram: { sampleCount: 3, sampleSum: 1.5, buckets: [{ upperBound: 1, cumulativeCount: 3 }] } }] }],
    ],
    [
      "packed sint64 deltas and a repeated singular message merged",
      // name "p"; type HISTOGRAM; metric{ histogram{ schema 1 (zigzag 2); positive_delta packed [1,-1,-2] } histogram{ sample_count 9 } }
      "14 0a0170 1804 220d 3a07 2802 6a03 010203 3a02 0809",
      [
        {
          name: "p",
          type: "histogram",
          metrics: [
            {
              labels: {},
              histogram: {
                sampleCount: 9,
                sampleSum: 0,
                buckets: [],
                native: {
                  schema: 1,
                  negativeSpans: [],
                  negativeDeltas: [],
                  negativeCounts: [],
                  positiveSpans: [],
                  positiveDeltas: [-1, 1, -2],
                  positiveCounts: [],
                },
              },
            },
          ],
        },
      ],
    ],
    [
      "zero-length message is an empty family",
      "00",
      [{ name: "", type: "counter", metrics: [] }],
    ],
  ];
  test.each(rows)("%s", (_name, bytes, want) => {
    expect(decodeDelimited(hex(bytes))).toEqual(want);
  });
});

describe("malformed input throws ProtobufDecodeError with an offset", () => {
  const rows: [string, string, string][] = [
    ["truncated length prefix", "ff", "unexpected EOF: truncated length prefix at byte offset 0"],
    ["length beyond the input", "05 0a01", "unexpected EOF: message of 5 bytes but only 2 left at byte offset 0"],
    ["huge length", "ffffffff0f 00", "message of 4294967295 bytes but only 1 left"],
    ["length prefix over 5 bytes (pbutil's varint32 limit)", "808080808000", "invalid varint32 encountered"],
    ["varint longer than 10 bytes", "ffffffffffffffffffffff01", "invalid varint32 encountered"],
    ["varint overflowing 64 bits inside a message", "0b 18ffffffffffffffffff02", "varint overflows 64 bits at byte offset 2"],
    ["field number 0", "02 0001", "invalid field number 0 at byte offset 1"],
    ["wire type 6", "02 0e00", "unexpected wire type 6 for field 1 at byte offset 2"],
    ["unterminated group", "02 0b08", "truncated varint"],
    ["mismatched end group", "03 0b 14 00", "end of group 2 does not match group 1"],
    ["truncated double", "05 2203 2a01 09", "truncated"],
    ["sub-message longer than its parent", "04 2205 0a01", "exceeds"],
    ["invalid UTF-8 in a label value", "0b 0a0161 2206 0a04 1202ffff", "invalid UTF-8 in label value at byte offset 9"],
    ["counter family whose metric has a gauge", "12 0a0161 1800 220b 1209 09000000000000f03f", 'metric of family "a" has no counter value'],
    ["metric without the value its type needs", "07 0a0161 1800 2200", 'metric of family "a" has no counter value'],
  ];
  test.each(rows)("%s", (_name, bytes, fragment) => {
    let err: unknown;
    try {
      decodeDelimited(hex(bytes));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProtobufDecodeError);
    expect((err as Error).message).toContain(fragment);
    expect((err as ProtobufDecodeError).offset).toBeGreaterThanOrEqual(0);
  });

  test("acceptTruncatedTail keeps the frames before a cut-off prefix, as Pushgateway does", () => {
    const valid = encodeDelimited([{ name: "a", type: "gauge", metrics: [{ labels: {}, value: 1 }] }]);
    const want = decodeDelimited(valid);
    for (const tail of [[0x05], [0xff], [0x80, 0x80]]) {
      const body = Uint8Array.from([...valid, ...tail]);
      expect(() => decodeDelimited(body)).toThrow(ProtobufDecodeError);
      expect(decodeDelimited(body, { acceptTruncatedTail: true })).toEqual(want);
    }
    // A frame cut inside its payload is io.ErrUnexpectedEOF in Go: always an error.
    expect(() => decodeDelimited(Uint8Array.from([...valid, 0x05, 0x0a]), { acceptTruncatedTail: true })).toThrow("unexpected EOF");
  });

  test("repeated label name is rejected", () => {
    // name "a"; type UNTYPED; metric{ label{x=1} label{x=2} untyped{} }
    const bytes = hex("19 0a0161 1803 2212 0a060a0178120131 0a060a0178120132 2a00");
    expect(() => decodeDelimited(bytes)).toThrow('metric of family "a" repeats label name "x"');
  });

  test("every truncation of a valid body either decodes (at a message boundary) or throws", () => {
    const body = encodeDelimited(roundTrips.flatMap(([, f]) => f));
    const boundaries = new Set<number>([0]);
    for (let pos = 0; pos < body.length; ) {
      const r = new WireReader(body.subarray(pos));
      const end = r.lengthEnd();
      pos += end;
      boundaries.add(pos);
    }
    for (let n = 0; n < body.length; n++) {
      const prefix = body.subarray(0, n);
      if (boundaries.has(n)) expect(() => decodeDelimited(prefix)).not.toThrow();
      else expect(() => decodeDelimited(prefix)).toThrow(ProtobufDecodeError);
    }
  });

  test("random garbage never escapes as anything but ProtobufDecodeError", () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const valid = encodeDelimited(roundTrips.flatMap(([, f]) => f));
    let thrown = 0;
    for (let i = 0; i < 2000; i++) {
      let bytes: Uint8Array;
      if (i % 2 === 0) {
        bytes = Uint8Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256));
      } else {
        bytes = valid.slice();
        for (let k = 0; k < 3; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      }
      try {
        decodeDelimited(bytes);
      } catch (e) {
        thrown++;
        expect(e).toBeInstanceOf(ProtobufDecodeError);
      }
    }
    expect(thrown).toBeGreaterThan(100);
  });
});

describe("wire primitives", () => {
  const ints: number[] = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, 2 ** 53 - 1, -1, -2, -(2 ** 31), -(2 ** 53 - 1)];
  test.each(ints)("int64 %p", (n) => {
    const w = new WireWriter();
    w.int(n);
    expect(new WireReader(w.finish()).int()).toBe(n);
  });
  test.each(ints)("sint64 (zigzag) %p", (n) => {
    const w = new WireWriter();
    w.sint(n);
    expect(new WireReader(w.finish()).sint()).toBe(n);
  });
  test("-1 as int64 takes ten bytes", () => {
    const w = new WireWriter();
    w.int(-1);
    expect(toHex(w.finish())).toBe("ffffffffffffffffff01");
  });
  test("zigzag encodes -1 as 1 and 1 as 2", () => {
    const w = new WireWriter();
    w.sint(-1);
    w.sint(1);
    expect(toHex(w.finish())).toBe("0102");
  });
});
