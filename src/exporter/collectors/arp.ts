// node_exporter's arp collector: IPv4 neighbour entries per device, from
// rtnetlink (default) or /proc/net/arp.

import { defineCollector } from "../collector.ts";
import { DeviceFilter } from "../device-filter.ts";
import { listLinkNames } from "../kernel/netlink/rtnetlink-links.ts";
import { AF_INET, NUD_NOARP, type Neighbour, listNeighbours } from "../kernel/netlink/rtnetlink-neighbours.ts";
import { readArp } from "../host/procfs/net-arp.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";
import { ARP_OPTIONS } from "./options/arp.ts";

const ARP_ENTRIES = metricDesc("node_arp_entries", "gauge", "ARP entries by device", ["device"]);

/**
 * Counts IPv4 neighbours per interface name. NOARP entries (loopback,
 * point-to-point) are left out because /proc/net/arp does not show them;
 * an index with no interface any more (it just went away) is skipped.
 */
export function countNeighbours(neighbours: Neighbour[], names: Map<number, string>): Map<string, number> {
  const byIndex = new Map<number, number>();
  for (const n of neighbours) {
    if (n.family === AF_INET && (n.state & NUD_NOARP) === 0) byIndex.set(n.ifIndex, (byIndex.get(n.ifIndex) ?? 0) + 1);
  }
  const out = new Map<string, number>();
  for (const [index, count] of byIndex) {
    const name = names.get(index);
    if (name !== undefined) out.set(name, count);
  }
  return out;
}

export const arpCollector = defineCollector({
  name: "arp",
  options: ARP_OPTIONS,
  create({ paths, options }) {
    const filter = new DeviceFilter(
      options.deviceExclude,
      options.deviceInclude,
      "--collector.arp.device",
    );
    const useNetlink = options.netlink;
    return {
      update(out) {
        let counts: Map<string, number>;
        try {
          if (useNetlink) {
            counts = countNeighbours(listNeighbours(), listLinkNames());
          } else {
            counts = new Map();
            for (const e of readArp(paths)) counts.set(e.device, (counts.get(e.device) ?? 0) + 1);
          }
        } catch (err) {
          throw new Error(`could not get ARP entries: ${(err as Error).message}`, { cause: err });
        }
        for (const [device, n] of counts) {
          if (filter.ignored(device)) continue;
          out.add(ARP_ENTRIES, n, { device });
        }
      },
    };
  },
});
