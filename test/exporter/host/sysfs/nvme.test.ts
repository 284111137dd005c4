import { describe, expect, test } from "bun:test";
import { NoDataError } from "../../../../src/exporter/collector.ts";
import { nvmeCollector } from "../../../../src/exporter/collectors/nvme.ts";
import { readNvmeClass } from "../../../../src/exporter/host/sysfs/nvme.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const full = {
  "sys/class/nvme/nvme0/firmware_rev": "1B2QEXP7\n",
  "sys/class/nvme/nvme0/model": "Disk Model                              \n",
  "sys/class/nvme/nvme0/serial": "S1\n",
  "sys/class/nvme/nvme0/state": "live\n",
};

describe("nvme", () => {
  test("reads and trims attributes", () => {
    const t = makeHostTree(full);
    try {
      expect(readNvmeClass(t.paths)).toEqual([{ name: "nvme0", firmwareRevision: "1B2QEXP7", model: "Disk Model", serial: "S1", state: "live" }]);
    } finally {
      t.remove();
    }
  });

  test("exposition", async () => {
    const t = makeHostTree(full);
    try {
      expect(await collectorScraper(nvmeCollector, t.paths)()).toContain(
        'node_nvme_info{device="nvme0",firmware_revision="1B2QEXP7",model="Disk Model",serial="S1",state="live"} 1',
      );
    } finally {
      t.remove();
    }
  });

  const absent: [string, Record<string, string>][] = [
    ["no nvme class", {}],
    ["an attribute missing", { "sys/class/nvme/nvme0/model": "x\n" }],
  ];
  test.each(absent)("%s is no data", async (_n, files) => {
    const t = makeHostTree(files);
    try {
      await expect(collectorScraper(nvmeCollector, t.paths)()).rejects.toBeInstanceOf(NoDataError);
    } finally {
      t.remove();
    }
  });
});
