import { afterAll, describe, expect, test } from "bun:test";
import { entropyCollector } from "../../../src/exporter/collectors/entropy.ts";
import { collectorScraper, makeHostTree } from "../../support/host-tree.ts";

const ok = makeHostTree({ "proc/sys/kernel/random/entropy_avail": "256\n", "proc/sys/kernel/random/poolsize": "256\n" });
const noPool = makeHostTree({ "proc/sys/kernel/random/entropy_avail": "3\n" });
const bad = makeHostTree({ "proc/sys/kernel/random/entropy_avail": "lots\n", "proc/sys/kernel/random/poolsize": "1\n" });
const none = makeHostTree({});
afterAll(() => [ok, noPool, bad, none].forEach((t) => t.remove()));

describe("entropy collector", () => {
  test("both values", async () => {
    const text = await collectorScraper(entropyCollector, ok.paths)();
    expect(text).toContain("node_entropy_available_bits 256\n");
    expect(text).toContain("node_entropy_pool_size_bits 256\n");
  });
  const failing: [string, typeof ok, string][] = [
    ["no entropy_avail", none, "couldn't get entropy_avail"],
    ["no poolsize", noPool, "couldn't get entropy poolsize"],
    ["malformed value", bad, 'failed to get kernel random stats: '],
  ];
  test.each(failing)("%s fails", async (_name, tree, message) => {
    await expect(collectorScraper(entropyCollector, tree.paths)()).rejects.toThrow(message);
  });
});
