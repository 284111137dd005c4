import { describe, expect, test } from "bun:test";
import { InputError, firstUntypedSample, parseExposition, parseMetricFlag } from "../../src/job/exposition-input.ts";

describe("parseExposition", () => {
  test("a typed body parses", () => {
    const fams = parseExposition("# TYPE a gauge\na 1\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 2\nh_count 1\n", "f.prom");
    expect(fams.map((f) => [f.name, f.type])).toEqual([
      ["a", "gauge"],
      ["h", "histogram"],
    ]);
  });
  test("a parse error names the source and the line", () => {
    let err: unknown;
    try {
      parseExposition("# TYPE a gauge\na 1\na{ 2\n", "job.prom");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line).toBe(3);
    expect((err as Error).message).toStartWith("job.prom:3: ");
  });
  test("a family without # TYPE is refused unless a default type is given", () => {
    expect(() => parseExposition("# TYPE a gauge\na 1\nb 2\n", "x")).toThrow("x:3: metric b has no # TYPE line");
    const fams = parseExposition("# TYPE a counter\na 1\nb 2\n", "x", { defaultType: "gauge" });
    expect(fams.map((f) => [f.name, f.type])).toEqual([
      ["a", "counter"],
      ["b", "gauge"],
    ]);
  });
  test("an explicit untyped TYPE line is kept, not replaced by the default", () => {
    const fams = parseExposition("# TYPE a untyped\na 1\n", "x", { defaultType: "gauge" });
    expect(fams[0].type).toBe("untyped");
  });
  test("summary and histogram series count as typed through their family", () => {
    expect(firstUntypedSample("# TYPE s summary\ns_sum 1\ns_count 1\n")).toBeUndefined();
    expect(firstUntypedSample("\n# comment\nz_total 1\n")).toEqual({ line: 3, name: "z_total" });
  });
});

describe("parseMetricFlag", () => {
  test("name=value and name{labels}=value become gauges", () => {
    expect(parseMetricFlag("backup_bytes=1234")).toEqual([{ name: "backup_bytes", type: "gauge", metrics: [{ labels: {}, value: 1234 }] }]);
    expect(parseMetricFlag('x{disk="a=b"}=5')[0].metrics[0]).toEqual({ labels: { disk: "a=b" }, value: 5 });
  });
  test("bad specs are refused", () => {
    expect(() => parseMetricFlag("novalue")).toThrow("want name=value");
    expect(() => parseMetricFlag("x=abc")).toThrow('--metric: "x=abc"');
    expect(() => parseMetricFlag("1x=1")).toThrow("--metric");
  });
});
