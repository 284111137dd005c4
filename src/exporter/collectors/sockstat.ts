// node_exporter's sockstat collector: socket counts and memory per protocol
// from /proc/net/sockstat and sockstat6.

import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import type { CollectorDefinition } from "../collector.ts";
import { getPageSize } from "../kernel/libc.ts";
import { type Sockstat, readSockstat } from "../host/procfs/net-sockstat.ts";
import { dataNamedDescs, metricDesc } from "../../metrics/metric-desc.ts";

const SOCKSTAT_SOCKETS_USED = metricDesc("node_sockstat_sockets_used", "gauge", "Number of IPv4 sockets in use.");

const PAIRS = ["inuse", "orphan", "tw", "alloc", "mem", "memory"] as const;

// Keyed "<protocol> <state>": the kernel's protocol names have no spaces.
const SOCKSTAT_STATE = dataNamedDescs((key) => {
  const [protocol, state] = key.split(" ");
  return metricDesc(`node_sockstat_${protocol}_${state}`, "gauge", `Number of ${protocol} sockets in state ${state}.`);
});

export function emitSockstat(out: FamilyBuilder, s: Sockstat, isIPv6: boolean, pageSize: number): void {
  if (!isIPv6 && s.used !== undefined) {
    out.add(SOCKSTAT_SOCKETS_USED, s.used);
  }
  for (const p of s.protocols) {
    const pairs: [string, number | undefined][] = PAIRS.map((k) => [k, p[k]]);
    // mem is in pages; mem_bytes is the same in bytes.
    if (p.mem !== undefined) pairs.push(["mem_bytes", p.mem * pageSize]);
    for (const [name, v] of pairs) {
      if (v === undefined) continue;
      out.add(SOCKSTAT_STATE(`${p.protocol} ${name}`), v);
    }
  }
}

export const sockstatCollector: CollectorDefinition = {
  name: "sockstat",
  create({ paths, logger }) {
    return {
      update(out) {
        let stat4: Sockstat | undefined;
        let stat6: Sockstat | undefined;
        try {
          stat4 = readSockstat(paths, "sockstat");
        } catch (err) {
          throw new Error(`failed to get IPv4 sockstat data: ${(err as Error).message}`, { cause: err });
        }
        if (!stat4) logger.debug("IPv4 sockstat statistics not found, skipping");
        try {
          stat6 = readSockstat(paths, "sockstat6");
        } catch (err) {
          throw new Error(`failed to get IPv6 sockstat data: ${(err as Error).message}`, { cause: err });
        }
        if (!stat6) logger.debug("IPv6 sockstat statistics not found, skipping");
        const pageSize = getPageSize();
        if (stat4) emitSockstat(out, stat4, false, pageSize);
        if (stat6) emitSockstat(out, stat6, true, pageSize);
      },
    };
  },
};
