// Preloaded into dist/mon by the "jit" bench variants (BUN_OPTIONS=--preload):
// scales JavaScriptCore's tier-up thresholds by MON_BENCH_JIT_POLICY for the
// whole run, as Bun.unsafe.setJITPolicy does, to measure RSS against CPU.

Bun.unsafe.setJITPolicy(Number(process.env.MON_BENCH_JIT_POLICY ?? 1));
