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
  "sys/class/nvme/nvme0/cntlid": "7\n",
  // Two namespaces: one with ana_state (multipath), one without; an unparsable size counts 0.
  "sys/class/nvme/nvme0/nvme0n1/nuse": "10\n",
  "sys/class/nvme/nvme0/nvme0n1/size": "100\n",
  "sys/class/nvme/nvme0/nvme0n1/queue/logical_block_size": "4096\n",
  "sys/class/nvme/nvme0/nvme0n1/ana_state": "optimized\n",
  "sys/class/nvme/nvme0/nvme0n2/nuse": "1\n",
  "sys/class/nvme/nvme0/nvme0n2/size": "huge\n",
  "sys/class/nvme/nvme0/nvme0n2/queue/logical_block_size": "512\n",
  "sys/class/nvme/nvme0/power/x": "not a namespace\n",
};

describe("nvme", () => {
  test("reads and trims attributes", () => {
    const t = makeHostTree(full);
    try {
      expect(readNvmeClass(t.paths)).toEqual([
        {
          name: "nvme0",
          firmwareRevision: "1B2QEXP7",
          model: "Disk Model",
          serial: "S1",
          state: "live",
          controllerId: "7",
          namespaces: [
            { id: "1", anaState: "optimized", usedBytes: 40960, sizeBytes: 409600, logicalBlockSize: 4096 },
            { id: "2", anaState: "unknown", usedBytes: 512, sizeBytes: 0, logicalBlockSize: 512 },
          ],
        },
      ]);
    } finally {
      t.remove();
    }
  });

  test("exposition", async () => {
    const t = makeHostTree(full);
    try {
      const text = await collectorScraper(nvmeCollector, t.paths)();
      expect(text).toContain('node_nvme_info{cntlid="7",device="nvme0",firmware_revision="1B2QEXP7",model="Disk Model",serial="S1",state="live"} 1');
      expect(text).toContain('node_nvme_namespace_info{ana_state="optimized",device="nvme0",nsid="1"} 1');
      expect(text).toContain('node_nvme_namespace_capacity_bytes{device="nvme0",nsid="1"} 409600');
      expect(text).toContain('node_nvme_namespace_used_bytes{device="nvme0",nsid="2"} 512');
    } finally {
      t.remove();
    }
  });

  const absent: [string, Record<string, string>][] = [
    ["no nvme class", {}],
    ["an attribute missing", { "sys/class/nvme/nvme0/model": "x\n" }],
    ["a namespace without nuse", { ...full, "sys/class/nvme/nvme0/nvme0n3/size": "1\n" }],
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
