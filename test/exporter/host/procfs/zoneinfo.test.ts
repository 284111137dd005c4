import { describe, expect, test } from "bun:test";
import { parseZoneinfo } from "../../../../src/exporter/host/procfs/zoneinfo.ts";

const TEXT = `Node 0, zone      DMA
  per-node stats
      nr_inactive_anon 230981
      nr_dirtied   1189097
  pages free     3952
        min      33
        spanned  4095
        protection: (0, 2877, 7826)
      nr_free_pages 3952
      numa_hit     1
Node 0, zone    DMA32
  pages free     204252
        min      19510
        protection: (0, x)
      nr_free_pages bogus
`;

describe("parseZoneinfo", () => {
  const zones = parseZoneinfo(TEXT);
  const rows: [string, () => unknown, unknown][] = [
    ["two zones", () => zones.map((z) => `${z.node}/${z.zone}`), ["0/DMA", "0/DMA32"]],
    ["per-node stats count for the first zone", () => zones[0].values.get("nr_inactive_anon"), 230981],
    ["watermarks", () => [zones[0].values.get("min"), zones[0].values.get("spanned")], [33, 4095]],
    ["unknown keys ignored", () => zones[0].values.has("pages" as never), false],
    ["protection array", () => zones[0].protection, [0, 2877, 7826]],
    ["bad protection dropped", () => zones[1].protection, undefined],
    ["bad value reads 0", () => zones[1].values.get("nr_free_pages"), 0],
    ["key absent in a zone", () => zones[1].values.has("numa_hit"), false],
  ];
  test.each(rows)("%s", (_name, got, want) => {
    expect(got()).toEqual(want);
  });
});
