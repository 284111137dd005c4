// Garbage collection after scrapes. A scrape leaves garbage behind (file
// texts, metric objects, the body); what is young when the collection after
// the scrape runs is freed by it, but what lived through one collection (a
// collector's state replaced the next scrape, code and caches built on the
// way) is only ever freed by a full collection, and JavaScriptCore starts one
// on its own only when the old generation has grown by a good part of the
// heap. So private memory grows with the number of scrapes, ~2 KB each:
// measured on 2 cores (the exporter's JavaScriptCore options, a scrape every
// 60 ms, Pss_Anon), 8.6 MiB after 200 scrapes, 12.3 MiB after 1,500 and
// 11-16 MiB from there to 10,000, where node_exporter 1.5.0 went from 7.7 to
// 8.5 MiB. One full collection after 1,500 scrapes took it from 10.7 back to
// 8.7 MiB. A full collection every ten minutes instead was too rare for a
// scraper that fast (12 MiB after 10,000 scrapes), hence a count of scrapes.

export interface ScrapeCollectionsOptions {
  /** A full collection after every this many scrapes. */
  fullEveryScrapes: number;
  /** Bun.gc: true runs a full collection now, false asks for a young one soon. */
  collect(full: boolean): void;
  /** Runs fn once the current response is out of the way (setTimeout 0). */
  defer(fn: () => void): void;
}

/**
 * After every scrape, an asynchronous young collection: left to its own
 * timers the heap grows to ~16 MB between collections under frequent
 * scrapes, and asking once the response is out keeps it at ~6 MB (RssAnon
 * 31 -> 20 MiB after 200 back-to-back scrapes) at no CPU that the benchmark
 * can tell from noise. After every fullEveryScrapes-th scrape, a synchronous
 * full collection instead: 7-17 ms of CPU, so one per 100 scrapes costs
 * 0.07-0.17 ms per scrape, and the old generation's garbage stays below
 * ~0.25 MiB.
 */
export class ScrapeCollections {
  private scrapes = 0;

  constructor(private readonly opts: ScrapeCollectionsOptions) {}

  afterScrape(): void {
    this.scrapes++;
    const full = this.scrapes >= this.opts.fullEveryScrapes;
    if (full) this.scrapes = 0;
    this.opts.defer(() => this.opts.collect(full));
  }
}

export const FULL_COLLECTION_EVERY_SCRAPES = 100;

export function defaultScrapeCollections(): ScrapeCollections {
  return new ScrapeCollections({
    fullEveryScrapes: FULL_COLLECTION_EVERY_SCRAPES,
    collect: (full) => Bun.gc(full),
    defer: (fn) => void setTimeout(fn, 0),
  });
}
