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
  // Channel 0 with a label and both counts; channel 1 without either.
  [`${mc}/csrow0/ch0_ce_count`]: "7\n",
  [`${mc}/csrow0/ch0_ue_count`]: "8\n",
  [`${mc}/csrow0/ch0_dimm_label`]: "mc#0csrow#0channel#0\n",
  [`${mc}/csrow0/ch1_ce_count`]: "9\n",
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
        'node_edac_channel_correctable_errors_total{channel="0",controller="0",csrow="0",dimm_label="mc0_csrow0_channel0"} 7',
        'node_edac_channel_uncorrectable_errors_total{channel="0",controller="0",csrow="0",dimm_label="mc0_csrow0_channel0"} 8',
        'node_edac_channel_correctable_errors_total{channel="1",controller="0",csrow="0",dimm_label="unknown"} 9',
      ];
      for (const line of want) expect(text).toContain(line);
      expect(text).not.toContain('node_edac_channel_uncorrectable_errors_total{channel="1"');
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
