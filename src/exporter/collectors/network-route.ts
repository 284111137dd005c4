// node_exporter's network_route collector: every unicast route of every
// table and family, from rtnetlink. /proc/net/route cannot stand in for it:
// it has neither the routing protocol nor the other tables.

import type { FamilyBuilder } from "../../metrics/family-builder.ts";
import type { CollectorDefinition } from "../collector.ts";
import { formatIPv4, formatIPv6 } from "../../go/ip-address.ts";
import { listLinks } from "../kernel/netlink/rtnetlink-links.ts";
import { type Route, listRoutes } from "../kernel/netlink/rtnetlink-routes.ts";
import { metricDesc } from "../../metrics/metric-desc.ts";

const NETWORK_ROUTE_INFO = metricDesc(
  "node_network_route_info",
  "gauge",
  "network routing table information",
  ["device", "src", "dest", "gw", "priority", "proto", "weight"],
);
const NETWORK_ROUTES = metricDesc("node_network_routes", "gauge", "network routes by interface", ["device"]);

// rtm_type RTN_UNICAST; upstream compares it with unix.RTA_DST, which is also 1.
const RTN_UNICAST = 1;

const PROTOCOLS: Record<number, string> = {
  0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra", 10: "mrt",
  11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp", 17: "mrouted", 42: "babel",
  186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp",
};

export function routeProtocolName(protocol: number): string {
  return PROTOCOLS[protocol] ?? "unknown";
}

/** net.IP.String(), "" for an absent address as upstream's helper returns. */
export function ipToString(ip: Uint8Array): string {
  if (ip.length === 0) return "";
  return ip.length === 4 ? formatIPv4(ip) : formatIPv6(ip);
}

/** "default" for a zero-length prefix, else net.IPNet.String(). */
export function ipWithPrefixToString(ip: Uint8Array, len: number): string {
  if (len === 0) return "default";
  return `${ip.length === 0 ? "<nil>" : ipToString(ip)}/${len}`;
}

export function emitRoutes(out: FamilyBuilder, routes: Route[], names: ReadonlyMap<number, string>): void {
  const perDevice = new Map<string, number>();
  const info = (device: string, r: Route, gw: Uint8Array, weight: string) => {
    out.add(NETWORK_ROUTE_INFO, 1, {
      device,
      src: ipToString(r.src),
      dest: ipWithPrefixToString(r.dst, r.dstLength),
      gw: ipToString(gw),
      priority: String(r.priority),
      proto: routeProtocolName(r.protocol),
      weight,
    });
    perDevice.set(device, (perDevice.get(device) ?? 0) + 1);
  };
  for (const r of routes) {
    if (r.type !== RTN_UNICAST) continue;
    if (r.multipath.length > 0) {
      for (const hop of r.multipath) info(names.get(hop.ifIndex) ?? "", r, hop.gateway, String(hop.hops + 1));
    } else info(names.get(r.outIface) ?? "", r, r.gateway, "");
  }
  for (const [device, total] of perDevice) {
    out.add(NETWORK_ROUTES, total, { device });
  }
}

export const networkRouteCollector: CollectorDefinition = {
  name: "network_route",
  create() {
    return {
      update(out) {
        let names: Map<number, string>;
        try {
          names = new Map(listLinks().map((l) => [l.index, l.name]));
        } catch (err) {
          throw new Error(`couldn't get links: ${(err as Error).message}`, { cause: err });
        }
        let routes: Route[];
        try {
          routes = listRoutes();
        } catch (err) {
          throw new Error(`couldn't get routes: ${(err as Error).message}`, { cause: err });
        }
        emitRoutes(out, routes, names);
      },
    };
  },
};
