import { describe, expect, test } from "bun:test";
import { emitQdiscs, parseQdiscFixture, qdiscPatterns } from "../../../src/exporter/collectors/qdisc.ts";
import { DeviceFilter } from "../../../src/exporter/device-filter.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";

const FIXTURE = `[
  {"IfaceName": "wlan0", "Bytes": 42, "Packets": 42, "Requeues": 1, "Kind": "fq", "Drops": 1},
  {"IfaceName": "eth0", "Bytes": 83, "Packets": 83, "Kind": "pfifo_fast"},
  {"IfaceName": "eth0", "Parent": 65536, "Bytes": 5, "Kind": "fq_codel"},
  {"IfaceName": "docker0", "Bytes": 1, "Kind": "noqueue"}
]`;

describe("qdisc fixture mode", () => {
  test("parses ema/qdisc QdiscInfo JSON", () => {
    expect(parseQdiscFixture(FIXTURE)[0]).toMatchObject({ ifaceName: "wlan0", bytes: 42, requeues: 1, kind: "fq", drops: 1, parent: 0 });
  });
  const rows: [string, string, string, string[]][] = [
    ["include", "(wlan0|eth0)", "", ["eth0/pfifo_fast", "wlan0/fq"]],
    ["exclude", "", "^docker", ["eth0/pfifo_fast", "wlan0/fq"]],
    ["no filter keeps every root qdisc", "", "", ["docker0/noqueue", "eth0/pfifo_fast", "wlan0/fq"]],
  ];
  test.each(rows)("%s", (_n, include, exclude, want) => {
    const out = new FamilyBuilder();
    emitQdiscs(out, parseQdiscFixture(FIXTURE), new DeviceFilter(exclude, include));
    const bytes = out.build().find((f) => f.name === "node_qdisc_bytes_total");
    expect(bytes?.metrics.map((m) => `${m.labels.device}/${m.labels.kind}`).sort()).toEqual(want);
  });
});

describe("qdiscPatterns", () => {
  test("deprecated spelling is taken with a warning", () => {
    const warnings: string[] = [];
    expect(qdiscPatterns("", "", "eth.*", "", (m) => warnings.push(m))).toEqual({ include: "eth.*", exclude: "" });
    expect(warnings).toHaveLength(1);
  });
  test.each([
    ["a", "", "b", "", "mutually exclusive"],
    ["a", "b", "", "", "mutaly exclusive"],
  ])("conflict %p %p %p %p", (inc, exc, oldInc, oldExc, message) => {
    expect(() => qdiscPatterns(inc, exc, oldInc, oldExc, () => {})).toThrow(message);
  });
});
