import { describe, expect, test } from "bun:test";
import { writeFamily } from "../../src/metrics/text-writer.ts";

// expfmt (prometheus/common v0.53-v0.59) writes summary and histogram counts
// as float64 in %g form, e.g. node_exporter's textfile test outputs.
describe("summary and histogram counts are written as Go floats", () => {
  test.each([
    [3, "3"],
    [185209, "185209"],
    [100201950, "1.0020195e+08"],
    [1691853, "1.691853e+06"],
  ])("%p -> %s", (count, text) => {
    const s = writeFamily({
      name: "s",
      type: "summary",
      metrics: [{ labels: {}, summary: { sampleCount: count, sampleSum: 0, quantiles: [] } }],
    });
    expect(s).toContain(`s_count ${text}\n`);
    const h = writeFamily({
      name: "h",
      type: "histogram",
      metrics: [{ labels: {}, histogram: { sampleCount: count, sampleSum: 0, buckets: [{ upperBound: 1, cumulativeCount: count }] } }],
    });
    expect(h).toContain(`h_bucket{le="1"} ${text}\nh_bucket{le="+Inf"} ${text}\n`);
  });
});
