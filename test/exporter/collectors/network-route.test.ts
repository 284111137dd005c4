import { describe, expect, test } from "bun:test";
import { emitRoutes, ipWithPrefixToString, routeProtocolName } from "../../../src/exporter/collectors/network-route.ts";
import type { Route } from "../../../src/exporter/kernel/netlink/rtnetlink-routes.ts";
import { FamilyBuilder } from "../../../src/metrics/family-builder.ts";
import { writeText } from "../../../src/metrics/text-writer.ts";

const b = (...x: number[]) => new Uint8Array(x);
const v6 = (...groups: number[]) => new Uint8Array(groups.flatMap((g) => [g >> 8, g & 0xff]));

describe("routeProtocolName", () => {
  test.each([
    [2, "kernel"],
    [3, "boot"],
    [186, "bgp"],
    [99, "unknown"],
  ])("%p -> %s", (p, want) => {
    expect(routeProtocolName(p)).toBe(want);
  });
});

describe("ipWithPrefixToString", () => {
  test.each([
    [b(), 0, "default"],
    [b(10, 0, 0, 0), 8, "10.0.0.0/8"],
    [v6(0xfd00, 0, 0, 0, 0, 0, 0, 0), 64, "fd00::/64"],
  ])("%p/%p", (ip, len, want) => {
    expect(ipWithPrefixToString(ip, len)).toBe(want);
  });
});

describe("emitRoutes", () => {
  const base: Route = { family: 2, dstLength: 0, protocol: 3, type: 1, dst: b(), src: b(), gateway: b(192, 0, 2, 1), outIface: 2, priority: 0, multipath: [] };
  const routes: Route[] = [
    base,
    { ...base, type: 2 },
    { ...base, dstLength: 24, dst: b(10, 1, 0, 0), gateway: b(), multipath: [{ ifIndex: 2, hops: 0, gateway: b(10, 0, 0, 1) }, { ifIndex: 3, hops: 1, gateway: b(10, 0, 1, 1) }] },
  ];
  const out = new FamilyBuilder();
  emitRoutes(out, routes, new Map([[2, "eth0"], [3, "eth1"]]));
  const text = writeText(out.build());
  test.each([
    'node_network_route_info{dest="default",device="eth0",gw="192.0.2.1",priority="0",proto="boot",src="",weight=""} 1',
    'node_network_route_info{dest="10.1.0.0/24",device="eth0",gw="10.0.0.1",priority="0",proto="boot",src="",weight="1"} 1',
    'node_network_route_info{dest="10.1.0.0/24",device="eth1",gw="10.0.1.1",priority="0",proto="boot",src="",weight="2"} 1',
    'node_network_routes{device="eth0"} 2',
    'node_network_routes{device="eth1"} 1',
  ])("%s", (line) => {
    expect(text).toContain(`${line}\n`);
  });
  test("non-unicast routes are skipped", () => {
    expect(text.match(/^node_network_route_info\{/gm)?.length).toBe(3);
  });
});
