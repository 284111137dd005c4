import { afterAll, describe, expect, test } from "bun:test";
import { filefdCollector } from "../../../src/exporter/collectors/filefd.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const ok = makeHostTree({ "proc/sys/fs/file-nr": "1184\t0\t1631329\n" });
const bad = makeHostTree({ "proc/sys/fs/file-nr": "1184 0\n" });
afterAll(() => [ok, bad].forEach((t) => t.remove()));

describe("filefd collector", () => {
  test("allocated and maximum", async () => {
    const text = await collectorScraper(filefdCollector, ok.paths)();
    expect(text).toContain("node_filefd_allocated 1184\n");
    expect(text).toContain("node_filefd_maximum 1.631329e+06\n");
  });
  test("malformed file fails with upstream's prefix", async () => {
    await expect(collectorScraper(filefdCollector, bad.paths)()).rejects.toThrow("couldn't get file-nr:");
  });
});
