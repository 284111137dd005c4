import { describe, expect, test } from "bun:test";
import { ScrapeCollections } from "../../src/exporter/scrape-collections.ts";

function harness(fullIntervalMs: number) {
  let clock = 1000;
  const deferred: (() => void)[] = [];
  const collections: boolean[] = [];
  const c = new ScrapeCollections({
    fullIntervalMs,
    collect: (full) => collections.push(full),
    now: () => clock,
    defer: (fn) => deferred.push(fn),
  });
  return {
    scrape(atMs: number) {
      clock = atMs;
      c.afterScrape();
    },
    runDeferred() {
      for (const fn of deferred.splice(0)) fn();
    },
    collections,
  };
}

describe("collections after scrapes", () => {
  test("a young collection after each scrape, once the response is out", () => {
    const h = harness(60_000);
    h.scrape(1_500);
    expect(h.collections).toEqual([]);
    h.runDeferred();
    h.scrape(2_000);
    h.runDeferred();
    expect(h.collections).toEqual([false, false]);
  });

  test("a full one instead when the interval has passed since start or the last full one", () => {
    const h = harness(60_000);
    for (const at of [30_000, 61_000, 62_000, 100_000, 121_000, 122_000]) {
      h.scrape(at);
      h.runDeferred();
    }
    expect(h.collections).toEqual([false, true, false, false, true, false]);
  });

  test("scrapes in a burst share one full collection", () => {
    const h = harness(60_000);
    for (let i = 0; i < 5; i++) h.scrape(70_000 + i);
    h.runDeferred();
    expect(h.collections.filter((full) => full)).toHaveLength(1);
  });
});
