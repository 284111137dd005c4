import { describe, expect, test } from "bun:test";
import { FamilyBuilder } from "../../src/metrics/family-builder.ts";
import { dataNamedDescs, metricDesc } from "../../src/metrics/metric-desc.ts";

describe("FamilyBuilder.add", () => {
  const desc = metricDesc("node_x", "gauge", "X.", ["device"]);

  test("takes a sample with exactly the declared labels", () => {
    const out = new FamilyBuilder();
    out.add(desc, 1, { device: "sda" });
    expect(out.build()).toEqual([{ name: "node_x", type: "gauge", help: "X.", metrics: [{ labels: { device: "sda" }, value: 1 }] }]);
  });

  test("refuses a missing, an extra or a renamed label, naming both sets", () => {
    const out = new FamilyBuilder();
    const add = out.add.bind(out) as (d: typeof desc, v: number, l: Record<string, string>) => void;
    expect(() => add(desc, 1, {})).toThrow("node_x: sample labels {} differ from the declared {device}");
    expect(() => add(desc, 1, { device: "sda", cpu: "0" })).toThrow("{device,cpu} differ from the declared {device}");
    expect(() => add(desc, 1, { disk: "sda" })).toThrow("{disk} differ from the declared {device}");
    expect(out.size).toBe(0);
  });
});

describe("dataNamedDescs", () => {
  test("declares a key's metric on first use and hands out the same descriptor afterwards", () => {
    let declared = 0;
    const field = dataNamedDescs((f) => {
      declared++;
      return metricDesc(`node_vmstat_${f}`, "untyped", `/proc/vmstat information field ${f}.`);
    });
    const a = field("pgfault");
    expect(a).toEqual({ name: "node_vmstat_pgfault", type: "untyped", help: "/proc/vmstat information field pgfault.", labelNames: [] });
    expect(field("pgfault")).toBe(a);
    field("pgmajfault");
    expect(declared).toBe(2);
  });

  test("its descriptors check labels like any declared one", () => {
    const stat = dataNamedDescs((s) => metricDesc(`node_network_${s}_total`, "counter", `Network device statistic ${s}.`, ["device"]));
    const out = new FamilyBuilder();
    out.add(stat("receive_bytes"), 5, { device: "lo" });
    const add = out.add.bind(out) as (d: ReturnType<typeof stat>, v: number, l: Record<string, string>) => void;
    expect(() => add(stat("receive_bytes"), 5, { device: "lo", ifalias: "" })).toThrow("differ from the declared {device}");
  });

  test("a key may carry more than the descriptor (a unit conversion)", () => {
    const reading = dataNamedDescs((k) => ({ desc: metricDesc(`node_hwmon_${k}_volts`, "gauge", "V."), convert: (v: number) => v * 0.001 }));
    expect(reading("in0").convert(1500)).toBe(1.5);
    expect(reading("in0")).toBe(reading("in0"));
  });

  test("a source that invents keys without end does not grow the cache without end", () => {
    let declared = 0;
    const field = dataNamedDescs((f) => {
      declared++;
      return metricDesc(`node_x_${f}`, "gauge", "X.");
    });
    const first = field("k0");
    for (let i = 1; i < 5000; i++) field(`k${i}`);
    // Started afresh past the bound: k0 is declared again, as an equal descriptor.
    const again = field("k0");
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(declared).toBe(5001);
  });
});
