// Preloaded into dist/mon by the "gc" bench variants (BUN_OPTIONS=--preload):
// a full collection every MON_BENCH_GC_MS milliseconds, to see what periodic
// Bun.gc() buys in RSS and costs in CPU without touching mon's code.

const every = Number(process.env.MON_BENCH_GC_MS ?? 1000);
setInterval(() => Bun.gc(true), every).unref();
