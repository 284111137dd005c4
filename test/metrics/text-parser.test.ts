import { describe, expect, test } from "bun:test";
import { parseText, parseTextBytes, TextParseError, TextStreamParser } from "../../src/metrics/text-parser.ts";
import { writeText } from "../../src/metrics/text-writer.ts";
import type { MetricFamily } from "../../src/metrics/types.ts";

// Expected results follow expfmt.TextParser (prometheus/common v0.59.1), the
// parser in Pushgateway 1.10.0, except where a row says otherwise.

const untyped = (name: string, metrics: MetricFamily["metrics"], help?: string): MetricFamily =>
  help === undefined ? { name, type: "untyped", metrics } : { name, help, type: "untyped", metrics };

const accepted: [string, string, MetricFamily[]][] = [
  ["empty input", "", []],
  ["blank lines only", "\n\n  \n\t\n", []],
  ["trailing blanks without newline", "a 1\n   ", [untyped("a", [{ labels: {}, value: 1 }])]],
  ["plain comment", "# just a comment\n#\n#   \n", []],
  ["HELP without samples yields no family", "# HELP a Some help.\n# TYPE a gauge\n", []],
  ["single untyped sample", "a 1\n", [untyped("a", [{ labels: {}, value: 1 }])]],
  [
    "HELP unescaping of \\\\, \\n and \\\"",
    '# HELP a back \\\\ slash, new \\n line, quote \\" and "raw"\na 1\n',
    [untyped("a", [{ labels: {}, value: 1 }], 'back \\ slash, new \n line, quote " and "raw"')],
  ],
  [
    "HELP and TYPE",
    "# HELP a Help.\n# TYPE a counter\na 1\n",
    [{ name: "a", help: "Help.", type: "counter", metrics: [{ labels: {}, value: 1 }] }],
  ],
  [
    "TYPE is case-insensitive",
    "# TYPE a GAUGE\na 1\n",
    [{ name: "a", type: "gauge", metrics: [{ labels: {}, value: 1 }] }],
  ],
  [
    "labels with trailing comma",
    '# TYPE a gauge\na{b="c",d="e",} 2\n',
    [{ name: "a", type: "gauge", metrics: [{ labels: { b: "c", d: "e" }, value: 2 }] }],
  ],
  [
    "label value escapes",
    'a{b="x\\"y\\\\z\\nw"} 1\n',
    [untyped("a", [{ labels: { b: 'x"y\\z\nw' }, value: 1 }])],
  ],
  [
    "blanks around every token",
    'a { b = "c" , d="e" } 1\n',
    [untyped("a", [{ labels: { b: "c", d: "e" }, value: 1 }])],
  ],
  ["empty label set", "a{} 1\n", [untyped("a", [{ labels: {}, value: 1 }])]],
  ["no blank after closing brace", 'a{b="c"}1\n', [untyped("a", [{ labels: { b: "c" }, value: 1 }])]],
  ["tabs as separators and a timestamp", "a\t1\t1000\n", [untyped("a", [{ labels: {}, value: 1, timestampMs: 1000 }])]],
  ["negative timestamp", "a 1 -1000\n", [untyped("a", [{ labels: {}, value: 1, timestampMs: -1000 }])]],
  ["leading blanks on a line", "  \ta 1\n", [untyped("a", [{ labels: {}, value: 1 }])]],
  [
    "special float values",
    'a{v="1"} +Inf\na{v="2"} -inf\na{v="3"} NaN\na{v="4"} 1.5e3\na{v="5"} .5\na{v="6"} -0\na{v="7"} 1e-400\n',
    [
      untyped("a", [
        { labels: { v: "1" }, value: Infinity },
        { labels: { v: "2" }, value: -Infinity },
        { labels: { v: "3" }, value: Number.NaN },
        { labels: { v: "4" }, value: 1500 },
        { labels: { v: "5" }, value: 0.5 },
        { labels: { v: "6" }, value: -0 },
        { labels: { v: "7" }, value: 0 },
      ]),
    ],
  ],
  ["families keep input order", "b 1\na 1\n", [untyped("b", [{ labels: {}, value: 1 }]), untyped("a", [{ labels: {}, value: 1 }])]],
  [
    "a family split by another keeps one entry",
    'a 1\nb 1\na{x="y"} 2\n',
    [untyped("a", [{ labels: {}, value: 1 }, { labels: { x: "y" }, value: 2 }]), untyped("b", [{ labels: {}, value: 1 }])],
  ],
  [
    "duplicate series are both kept (Go leaves the check to the caller)",
    "a 1\na 2\n",
    [untyped("a", [{ labels: {}, value: 1 }, { labels: {}, value: 2 }])],
  ],
  [
    "HELP after samples",
    "a 1\n# HELP a Late help.\n",
    [untyped("a", [{ labels: {}, value: 1 }], "Late help.")],
  ],
  [
    "summary grouped into one metric",
    '# TYPE s summary\ns{quantile="0.5"} 1\ns{quantile="0.9"} 2\ns_sum 3\ns_count 4\n',
    [
      {
        name: "s",
        type: "summary",
        metrics: [
          {
            labels: {},
            summary: {
              sampleCount: 4,
              sampleSum: 3,
              quantiles: [
                { quantile: 0.5, value: 1 },
                { quantile: 0.9, value: 2 },
              ],
            },
          },
        ],
      },
    ],
  ],
  [
    "summary label sets interleaved",
    '# TYPE s summary\ns{a="1",quantile="0.5"} 1\ns{quantile="0.5",a="2"} 2\ns_sum{a="1"} 3\ns_count{a="2"} 4\n',
    [
      {
        name: "s",
        type: "summary",
        metrics: [
          { labels: { a: "1" }, summary: { sampleCount: 0, sampleSum: 3, quantiles: [{ quantile: 0.5, value: 1 }] } },
          { labels: { a: "2" }, summary: { sampleCount: 4, sampleSum: 0, quantiles: [{ quantile: 0.5, value: 2 }] } },
        ],
      },
    ],
  ],
  [
    "summary _count float is truncated like Go's uint64()",
    "# TYPE s summary\ns_count 4.7\n",
    [{ name: "s", type: "summary", metrics: [{ labels: {}, summary: { sampleCount: 4, sampleSum: 0, quantiles: [] } }] }],
  ],
  [
    "HELP for s_sum attaches to summary s",
    "# TYPE s summary\n# HELP s_sum The help.\ns_sum 1\n",
    [{ name: "s", help: "The help.", type: "summary", metrics: [{ labels: {}, summary: { sampleCount: 0, sampleSum: 1, quantiles: [] } }] }],
  ],
  [
    "le is an ordinary label in a summary, quantile NaN drops the value",
    '# TYPE s summary\ns{le="1"} 1\ns{quantile="NaN"} 2\n',
    [
      {
        name: "s",
        type: "summary",
        metrics: [
          { labels: { le: "1" }, summary: { sampleCount: 0, sampleSum: 0, quantiles: [] } },
          { labels: {}, summary: { sampleCount: 0, sampleSum: 0, quantiles: [] } },
        ],
      },
    ],
  ],
  [
    "quantile is an ordinary label in a counter",
    '# TYPE c counter\nc{quantile="x"} 1\n',
    [{ name: "c", type: "counter", metrics: [{ labels: { quantile: "x" }, value: 1 }] }],
  ],
  [
    "histogram grouped, +Inf bucket kept",
    '# TYPE h histogram\nh_bucket{le="1",a="b"} 1\nh_bucket{a="b",le="+Inf"} 2\nh_sum{a="b"} 3\nh_count{a="b"} 2\n',
    [
      {
        name: "h",
        type: "histogram",
        metrics: [
          {
            labels: { a: "b" },
            histogram: {
              sampleCount: 2,
              sampleSum: 3,
              buckets: [
                { upperBound: 1, cumulativeCount: 1 },
                { upperBound: Infinity, cumulativeCount: 2 },
              ],
            },
          },
        ],
      },
    ],
  ],
  [
    "histogram bucket line without the _bucket suffix still counts",
    '# TYPE h histogram\nh{le="0.5"} 3\n',
    [{ name: "h", type: "histogram", metrics: [{ labels: {}, histogram: { sampleCount: 0, sampleSum: 0, buckets: [{ upperBound: 0.5, cumulativeCount: 3 }] } }] }],
  ],
  [
    "summary timestamp: last line wins",
    "# TYPE s summary\ns_sum 1 10\ns_count 2 20\n",
    [{ name: "s", type: "summary", metrics: [{ labels: {}, summary: { sampleCount: 2, sampleSum: 1, quantiles: [] }, timestampMs: 20 }] }],
  ],
  [
    "_count without a summary is its own family",
    "x_count 1\n",
    [untyped("x_count", [{ labels: {}, value: 1 }])],
  ],
  [
    "_bucket of a summary is its own family",
    "# TYPE s summary\ns_bucket 1\n",
    [untyped("s_bucket", [{ labels: {}, value: 1 }])],
  ],
  ["quoted metric name inside braces", '{"my.metric",a="b"} 1\n', [untyped("my.metric", [{ labels: { a: "b" }, value: 1 }])]],
  ["bare metric name inside braces", "{foo} 1\n", [untyped("foo", [{ labels: {}, value: 1 }])]],
  ["quoted label name", 'a{"b.c"="d"} 1\n', [untyped("a", [{ labels: { "b.c": "d" }, value: 1 }])]],
  ["reserved-looking label other than __name__", 'a{__x="1"} 1\n', [untyped("a", [{ labels: { __x: "1" }, value: 1 }])]],
  ["__proto__ is an ordinary label name", 'a{__proto__="x"} 1\n', [untyped("a", [{ labels: { ["__proto__"]: "x" }, value: 1 }])]],
  ["colons in metric names", "a:b:c 1\n", [untyped("a:b:c", [{ labels: {}, value: 1 }])]],
  ["UTF-8 label value", 'a{b="über ✓"} 1\n', [untyped("a", [{ labels: { b: "über ✓" }, value: 1 }])]],
  ["HELP name then only blanks", "# HELP a \na 1\n", [untyped("a", [{ labels: {}, value: 1 }])]],
  ["unknown comment keyword", "# FOO a b c\na 1\n", [untyped("a", [{ labels: {}, value: 1 }])]],
];

describe("parseText accepts", () => {
  test.each(accepted)("%s", (_name, input, want) => {
    expect(parseText(input)).toEqual(want);
  });
});

const rejected: [string, string, number, string][] = [
  ["missing final newline", "a 1", 1, "unexpected end of input stream"],
  ["missing final newline on line 2", "a 1\nb 2", 2, "unexpected end of input stream"],
  ["unterminated label value at end", 'a{b="c', 1, "unexpected end of input stream"],
  ["\\r is not a line end", "a 1\r\n", 1, 'expected float as value, got "1\\r"'],
  ["\\r after a timestamp", "a 1 1\r\n", 1, 'expected integer as timestamp, got "1\\r"'],
  ["a lone \\r line", "a 1\n\r\n", 2, "invalid metric name"],
  ["duplicate label names", 'a{b="c",b="d"} 1\n', 1, 'duplicate label names for metric "a"'],
  ["second HELP", "# HELP a x\n# HELP a y\na 1\n", 2, 'second HELP line for metric name "a"'],
  ["second TYPE", "# TYPE a gauge\n# TYPE a counter\n", 2, 'second TYPE line for metric name "a", or TYPE reported after samples'],
  ["TYPE after samples", "a 1\n# TYPE a gauge\n", 2, 'second TYPE line for metric name "a", or TYPE reported after samples'],
  ["TYPE for s_count of a summary", "# TYPE s summary\n# TYPE s_count gauge\n", 2, 'second TYPE line for metric name "s", or TYPE reported after samples'],
  ["unknown type", "# TYPE a foo\n", 1, 'unknown metric type "foo"'],
  ["trailing blank after type", "# TYPE a counter \n", 1, 'unknown metric type "counter "'],
  // Go accepts gauge_histogram here but then loses the values; mon refuses it.
  ["gauge_histogram in text (mon refuses)", "# TYPE a gauge_histogram\n", 1, 'unknown metric type "gauge_histogram"'],
  ["reserved __name__", 'a{__name__="b"} 1\n', 1, 'label name "__name__" is reserved'],
  ["metric name starting with a digit", "1a 1\n", 1, "invalid metric name"],
  ["byte order mark", "\uFEFFa 1\n", 1, "invalid metric name"],
  ["invalid escape in label value", 'a{b="\\t"} 1\n', 1, "invalid escape sequence '\\t'"],
  ["raw newline in label value", 'a{b="c\n"} 1\n', 1, 'label value "c" contains unescaped new-line'],
  ["unquoted label value", "a{b=c} 1\n", 1, "expected '\"' at start of label value, found 'c'"],
  ["label without value", "a{b} 1\n", 1, "expected '=' after label name, found '}'"],
  ["colon in label name", 'a{b:c="d"} 1\n', 1, "expected '=' after label name, found ':'"],
  ["label name starting with a digit", 'a{1="x"} 1\n', 1, 'invalid label name for metric "a"'],
  ["missing comma", 'a{b="c" d="e"} 1\n', 1, 'unexpected end of label value "c"'],
  ["label set not closed before newline", 'a{b="c"\n', 1, 'unexpected end of label value "c"'],
  ["value not a float", "a x\n", 1, 'expected float as value, got "x"'],
  ["hex float", "a 0x1p3\n", 1, 'expected float as value, got "0x1p3"'],
  ["hex without exponent", "a 0x10\n", 1, 'expected float as value, got "0x10"'],
  ["underscore in value", "a 1_000\n", 1, 'expected float as value, got "1_000"'],
  ["overflowing value", "a 1e400\n", 1, 'expected float as value, got "1e400"'],
  ["signed NaN", "a -NaN\n", 1, 'expected float as value, got "-NaN"'],
  ["missing value", "a \n", 1, 'expected float as value, got ""'],
  ["name only", "# c\n\na 1\nb\n", 4, 'expected float as value, got ""'],
  ["dash in name", "a-b 1\n", 1, 'expected float as value, got "-b"'],
  ["extra closing brace", 'a{b="c"}} 1\n', 1, 'expected float as value, got "}"'],
  ["float timestamp", "a 1 2.5\n", 1, 'expected integer as timestamp, got "2.5"'],
  ["timestamp beyond int64", "a 1 9223372036854775808\n", 1, 'expected integer as timestamp, got "9223372036854775808"'],
  ["trailing blank after value", "a 1 \n", 1, 'expected integer as timestamp, got ""'],
  ["text after timestamp", "a 1 2 3\n", 1, 'spurious string after timestamp: " 3"'],
  ["trailing blank after timestamp", "a 1 2 \n", 1, 'spurious string after timestamp: " "'],
  ["bad name in HELP", "# HELP 1a x\n", 1, "invalid metric name in comment"],
  ["backslash after HELP name", "# HELP a\\ b\n", 1, "invalid metric name in comment"],
  ["bad escape in HELP", "# HELP a bad \\x escape\n", 1, "invalid escape sequence '\\x'"],
  ["quantile not a float", '# TYPE s summary\ns{quantile="x"} 1\n', 2, "expected float as value for 'quantile' label, got \"x\""],
  ["le not a float", '# TYPE h histogram\nh_bucket{le="a"} 1\n', 2, "expected float as value for 'le' label, got \"a\""],
  // Go crashes or reuses the previous line's metric for these; mon refuses them.
  ["braces without a metric name", "{} 1\n", 1, "invalid metric name"],
  ["labels without a metric name", 'a 1\n{b="c"} 2\n', 2, "invalid metric name"],
  ["two names inside braces", "{foo, bar} 1\n", 1, 'multiple metric names for metric "foo"'],
  ["blank inside a braced name", "{foo bar} 1\n", 1, "unexpected end of metric name 'b'"],
  ["newline in quoted name inside braces", '{"a\n"} 1\n', 1, 'label name "a" contains unescaped new-line'],
  ["newline in quoted metric name", '"a\n" 1\n', 1, 'metric name "a" contains unescaped new-line'],
  ["invalid escape in quoted metric name", '"a\\t" 1\n', 1, "invalid escape sequence '\\t'"],
];

describe("parseText rejects", () => {
  test.each(rejected)("%s", (_name, input, line, reason) => {
    let err: unknown;
    try {
      parseText(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TextParseError);
    const e = err as TextParseError;
    expect(e.line).toBe(line);
    expect(e.reason).toBe(reason);
    expect(e.message).toBe(`text format parsing error in line ${line}: ${reason}`);
  });
});

describe("UTF-8", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

  test("invalid UTF-8 in a label value is an error on its line", () => {
    const body = concat(enc('a 1\nb{c="x'), Uint8Array.of(0xff), enc('"} 1\n'));
    expect(() => parseTextBytes(body)).toThrow('text format parsing error in line 2: invalid label value "x\\xff"');
  });

  test("an encoded surrogate (invalid UTF-8) in a label value is rejected", () => {
    const body = concat(enc('b{c="'), Uint8Array.of(0xed, 0xa0, 0x80), enc('"} 1\n'));
    expect(() => parseTextBytes(body)).toThrow('invalid label value "\\xed\\xa0\\x80"');
  });

  test("a lone surrogate in a string label value is rejected like the bytes it stands for", () => {
    expect(() => parseText('b{c="\uD800"} 1\n')).toThrow('invalid label value "\\xed\\xa0\\x80"');
  });

  test("invalid UTF-8 in HELP is accepted (as Go does) and replaced", () => {
    const body = concat(enc("# HELP a x"), Uint8Array.of(0xff), enc("y\na 1\n"));
    expect(parseTextBytes(body)).toEqual([untyped("a", [{ labels: {}, value: 1 }], "x\uFFFDy")]);
  });

  test("valid multi-byte UTF-8 bytes decode", () => {
    expect(parseTextBytes(enc('a{b="日本"} 1\n'))).toEqual([untyped("a", [{ labels: { b: "日本" }, value: 1 }])]);
  });
});

describe("writeText(parseText(x)) === x for canonical inputs", () => {
  const canonical = [
    "# HELP a Help with \\\\ and \\n.\n# TYPE a counter\na 1\na{b=\"c\"} 2\n",
    '# TYPE b gauge\nb{x="1",y="a \\"q\\" \\\\ \\n"} -1.5e-07\nb{x="2",y=""} +Inf\n',
    "# TYPE c untyped\nc 1e+06 1700000000000\n",
    '# HELP d A summary.\n# TYPE d summary\nd{quantile="0.5"} 1\nd{quantile="0.99"} NaN\nd_sum 3.5\nd_count 4\nd{a="b",quantile="0.5"} 2\nd_sum{a="b"} 0\nd_count{a="b"} 0\n',
    '# TYPE e histogram\ne_bucket{le="0.1"} 0\ne_bucket{le="1"} 3\ne_bucket{le="+Inf"} 4\ne_sum 2.25\ne_count 4\n',
    "# TYPE f gauge\nf 0\n# TYPE g counter\ng 1.8446744073709552e+19\n",
  ];
  test.each(canonical)("%p", (x) => {
    expect(writeText(parseText(x))).toBe(x);
  });
});

describe("TextStreamParser", () => {
  const outcome = (parse: () => MetricFamily[]) => {
    try {
      return { families: parse() };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  const streamed = (bytes: Uint8Array, size: number) => () => {
    const p = new TextStreamParser();
    for (let i = 0; i < bytes.length; i += size) p.push(bytes.slice(i, i + size));
    return p.end();
  };
  const bodies = [...accepted.map((a) => a[1]), ...rejected.map((r) => r[1])];
  test.each([1, 2, 3, 7, 64])("pieces of %d bytes decide as the whole body does", (size) => {
    for (const body of bodies) {
      const bytes = new TextEncoder().encode(body);
      expect(outcome(streamed(bytes, size))).toEqual(outcome(() => parseTextBytes(bytes)));
    }
  });
  test("a reused chunk buffer does not corrupt the unfinished line", () => {
    const p = new TextStreamParser();
    const buf = Buffer.alloc(4);
    const body = new TextEncoder().encode('# HELP a x\na{b="cd"} 1\n');
    for (let i = 0; i < body.length; i += 4) {
      const n = Math.min(4, body.length - i);
      buf.set(body.subarray(i, i + n));
      p.push(buf.subarray(0, n));
      buf.fill(0x5a);
    }
    expect(p.end()).toEqual([{ name: "a", help: "x", type: "untyped", metrics: [{ labels: { b: "cd" }, value: 1 }] }]);
  });
});

describe("UTF-8 names (expfmt.NewTextParser of prometheus/common v0.67)", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const utf8 = { nameValidation: "utf8" as const };
  const legacy = { nameValidation: "legacy" as const };

  test("quoted names in every place they may stand", () => {
    const body =
      '# HELP "app.jobs" Jobs.\n# TYPE "app.jobs" counter\n{"app.jobs","svc.name"="a",job="x"} 3\n' +
      '# TYPE "lat.s" summary\n{"lat.s",quantile="0.5"} 1\n{"lat.s_sum"} 2\n{"lat.s_count"} 3\n' +
      '"quoted_plain"{"é"="v"} 4\n';
    expect(parseTextBytes(enc(body), utf8)).toEqual([
      { name: "app.jobs", help: "Jobs.", type: "counter", metrics: [{ labels: { "svc.name": "a", job: "x" }, value: 3 }] },
      { name: "lat.s", type: "summary", metrics: [{ labels: {}, summary: { sampleCount: 3, sampleSum: 2, quantiles: [{ quantile: 0.5, value: 1 }] } }] },
      { name: "quoted_plain", type: "untyped", metrics: [{ labels: { é: "v" }, value: 4 }] },
    ]);
  });

  const rejected: [string, string, Uint8Array, { nameValidation: "utf8" | "legacy" }][] = [
    ["a legacy parser refuses a quoted dotted metric name", "line 1: invalid metric name \"a.b\"", enc('{"a.b"} 1\n'), legacy],
    ["a legacy parser refuses it in TYPE too", "line 1: invalid metric name \"a.b\"", enc('# TYPE "a.b" gauge\n'), legacy],
    ["a legacy parser refuses a quoted dotted label name", "line 1: invalid label name \"c.d\"", enc('a{"c.d"="x"} 1\n'), legacy],
    ["an empty quoted label name", 'line 1: invalid label name for metric "a"', enc('a{""="x"} 1\n'), utf8],
    ["invalid UTF-8 in a metric name", 'line 2: invalid metric name "a\\xff"', Uint8Array.from([...enc('ok 1\n{"a'), 0xff, ...enc('"} 1\n')]), utf8],
    ["invalid UTF-8 in a label name", 'line 1: invalid label name "b\\xfe"', Uint8Array.from([...enc('a{"b'), 0xfe, ...enc('"="x"} 1\n')]), utf8],
  ];
  test.each(rejected)("%s", (_name, message, body, options) => {
    expect(() => parseTextBytes(body, options)).toThrow(`text format parsing error in ${message}`);
  });

  test("__name__ stays reserved", () => {
    expect(() => parseTextBytes(enc('a{__name__="x"} 1\n'), utf8)).toThrow('label name "__name__" is reserved');
  });

  test("without a scheme, names are left to the caller (as before)", () => {
    expect(parseText('{"a.b"} 1\n')).toEqual([untyped("a.b", [{ labels: {}, value: 1 }])]);
  });

  test("writeText quotes what the parser read, and reads back the same", () => {
    const text = '# HELP "a.b" H.\n# TYPE "a.b" gauge\n{"a.b"} 1\n{"a.b","c d"="x",e="y"} 2\n';
    expect(writeText(parseTextBytes(enc(text), utf8))).toBe(text);
  });
});

describe('histogramRules "v0.67" (Pushgateway 1.11.3\'s parser)', () => {
  const v067 = { histogramRules: "v0.67" as const };
  const enc = (s: string) => new TextEncoder().encode(s);
  const hist = (count: number, buckets: [number, number][]) => [
    { name: "h", type: "histogram", metrics: [{ labels: {}, histogram: { sampleCount: count, sampleSum: 1, buckets: buckets.map(([upperBound, cumulativeCount]) => ({ upperBound, cumulativeCount })) } }] },
  ];

  test("whole counts stay as they were", () => {
    const body = '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 3\nh_sum 1\nh_count 3\n';
    expect(parseTextBytes(enc(body), v067)).toEqual(parseTextBytes(enc(body)));
  });

  test("a count that is not whole is kept as a float (v0.59 truncated it)", () => {
    const body = '# TYPE h histogram\nh_bucket{le="1"} 2.5\nh_sum 1\nh_count 3.25\n';
    expect(parseTextBytes(enc(body), v067)).toEqual(hist(3.25, [[1, 2.5]]) as never);
    expect(parseTextBytes(enc(body))).toEqual(hist(3, [[1, 2]]) as never);
  });

  const rejected: [string, string, string][] = [
    ["negative bucket", '# TYPE h histogram\nh_bucket{le="1"} -1\n', 'line 2: negative bucket population for histogram "h"'],
    ["negative count", "# TYPE h histogram\nh_count -0.5\n", 'line 2: negative count for histogram "h"'],
  ];
  test.each(rejected)("%s is refused", (_name, body, message) => {
    expect(() => parseTextBytes(enc(body), v067)).toThrow(`text format parsing error in ${message}`);
  });

  test("summaries keep v0.59's conversion", () => {
    const f = parseTextBytes(enc("# TYPE s summary\ns_count 2.5\n"), v067);
    expect(f[0].metrics[0].summary?.sampleCount).toBe(2);
  });

  test.each(["gauge_histogram", "GAUGEHISTOGRAM"])("TYPE %s is read as a histogram", (type) => {
    const f = parseTextBytes(enc(`# TYPE g ${type}\ng_bucket{le="+Inf"} 1\ng_sum 1\ng_count 1\n`), v067);
    expect(f[0].type).toBe("histogram");
    expect(f[0].metrics[0].histogram?.buckets).toEqual([{ upperBound: Infinity, cumulativeCount: 1 }]);
  });
});
