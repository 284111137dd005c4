import type { CollectorDefinition } from "../collector.ts";
import { type KernelRandom, readKernelRandom } from "../host/procfs/kernel-random.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const ENTROPY_AVAILABLE_BITS = metricDesc("node_entropy_available_bits", "gauge", "Bits of available entropy.");
const ENTROPY_POOL_SIZE_BITS = metricDesc("node_entropy_pool_size_bits", "gauge", "Bits of entropy pool.");

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
      out.add(ENTROPY_AVAILABLE_BITS, r.entropyAvailable);
      if (r.poolSize === undefined) throw new Error("couldn't get entropy poolsize");
      out.add(ENTROPY_POOL_SIZE_BITS, r.poolSize);
    },
  }),
};
