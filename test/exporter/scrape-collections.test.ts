import { describe, expect, test } from "bun:test";
import { ScrapeCollections } from "../../src/exporter/scrape-collections.ts";

function harness(fullEveryScrapes: number) {
  const deferred: (() => void)[] = [];
  const collections: boolean[] = [];
  const c = new ScrapeCollections({
    fullEveryScrapes,
    collect: (full) => collections.push(full),
    defer: (fn) => deferred.push(fn),
  });
  return {
    scrape: () => c.afterScrape(),
    runDeferred() {
      for (const fn of deferred.splice(0)) fn();
    },
    collections,
  };
}

describe("collections after scrapes", () => {
  test("a young collection after each scrape, once the response is out", () => {
    const h = harness(100);
    h.scrape();
    expect(h.collections).toEqual([]);
    h.runDeferred();
    h.scrape();
    h.runDeferred();
    expect(h.collections).toEqual([false, false]);
  });

  test("a full one instead after every n-th scrape", () => {
    const h = harness(3);
    for (let i = 0; i < 7; i++) h.scrape();
    h.runDeferred();
    expect(h.collections).toEqual([false, false, true, false, false, true, false]);
  });
});
