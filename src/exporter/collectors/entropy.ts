import type { CollectorDefinition } from "../collector.ts";
import { type KernelRandom, readKernelRandom } from "../host/procfs/kernel-random.ts";

export const entropyCollector: CollectorDefinition = {
  name: "entropy",
  create: ({ paths }) => ({
    update(out) {
      let r: KernelRandom;
      try {
        r = readKernelRandom(paths);
      } catch (err) {
        throw new Error(`failed to get kernel random stats: ${(err as Error).message}`, { cause: err });
      }
      if (r.entropyAvailable === undefined) throw new Error("couldn't get entropy_avail");
      out.gauge("node_entropy_available_bits", "Bits of available entropy.", r.entropyAvailable);
      if (r.poolSize === undefined) throw new Error("couldn't get entropy poolsize");
      out.gauge("node_entropy_pool_size_bits", "Bits of entropy pool.", r.poolSize);
    },
  }),
};
