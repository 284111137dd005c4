import { describe, expect, test } from "bun:test";
import { edacCollector } from "../../../../src/exporter/collectors/edac.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const mc = "sys/devices/system/edac/mc/mc0";
const full = {
  [`${mc}/ce_count`]: "1\n",
  [`${mc}/ce_noinfo_count`]: "2\n",
  [`${mc}/ue_count`]: "5\n",
  [`${mc}/ue_noinfo_count`]: "6\n",
  [`${mc}/csrow0/ce_count`]: "3\n",
  [`${mc}/csrow0/ue_count`]: "4\n",
  "sys/devices/system/edac/mc/power/x": "",
};

describe("edac collector", () => {
  test("controller and csrow counters", async () => {
    const t = makeHostTree(full);
    try {
      const text = await collectorScraper(edacCollector, t.paths)();
      const want = [
        'node_edac_correctable_errors_total{controller="0"} 1',
        'node_edac_csrow_correctable_errors_total{controller="0",csrow="unknown"} 2',
        'node_edac_csrow_correctable_errors_total{controller="0",csrow="0"} 3',
        'node_edac_csrow_uncorrectable_errors_total{controller="0",csrow="0"} 4',
        'node_edac_uncorrectable_errors_total{controller="0"} 5',
        'node_edac_csrow_uncorrectable_errors_total{controller="0",csrow="unknown"} 6',
      ];
      for (const line of want) expect(text).toContain(line);
    } finally {
      t.remove();
    }
  });

  test("no edac: nothing, no error", async () => {
    const t = makeHostTree({});
    try {
      expect(await collectorScraper(edacCollector, t.paths)()).toBe("");
    } finally {
      t.remove();
    }
  });

  test("a missing count names it", async () => {
    const t = makeHostTree({ [`${mc}/ce_count`]: "1\n" });
    try {
      await expect(collectorScraper(edacCollector, t.paths)()).rejects.toThrow("couldn't get ce_noinfo_count for controller 0");
    } finally {
      t.remove();
    }
  });
});
