import { describe, expect, test } from "bun:test";
import { parseIpvsLabels, sumBackends } from "../../../../src/exporter/collectors/ipvs.ts";
import { parseIpPort, parseIpvsBackends, parseIpvsStats } from "../../../../src/exporter/host/procfs/ipvs.ts";

describe("parseIpvsStats", () => {
  test("third line, hex", () => {
    const text = "   Total Incoming Outgoing         Incoming         Outgoing\n   Conns  Packets  Packets            Bytes            Bytes\n     10       1F        0              FF                0\n\n Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n";
    expect(parseIpvsStats(text)).toEqual({ connections: 16, incomingPackets: 31, outgoingPackets: 0, incomingBytes: 255, outgoingBytes: 0 });
  });
  const bad: [string, string, string][] = [
    ["too short", "a\nb\n", "too short"],
    ["wrong field count", "a\nb\n1 2 3\nd\n", "unexpected number of fields"],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseIpvsStats(text)).toThrow(message);
  });
});

describe("parseIpPort", () => {
  const rows: [string, string, { ip: string; port: number }][] = [
    ["IPv4", "C0A80016:0CEA", { ip: "192.168.0.22", port: 3306 }],
    ["IPv6", "[2620:0000:0000:0000:0000:0000:0000:0001]:0050", { ip: "2620::1", port: 80 }],
  ];
  test.each(rows)("%s", (_name, s, want) => {
    expect(parseIpPort(s)).toEqual(want);
  });
  test("rejects another length", () => {
    expect(() => parseIpPort("C0A8:0050")).toThrow('unexpected IP:Port "C0A8:0050"');
  });
});

const IP_VS = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port Forward Weight ActiveConn InActConn
TCP  C0A80016:0CEA wlc
  -> C0A85216:0CEA      Tunnel  100    248        2
  -> C0A85215:0CEA      Tunnel  100    248        1
FWM  10001000 wlc
  -> C0A8321A:0CEA      Route   10     1          0
`;

describe("parseIpvsBackends", () => {
  test("services and their backends", () => {
    const b = parseIpvsBackends(IP_VS);
    expect(b).toHaveLength(3);
    expect(b[0]).toEqual({
      localAddress: "192.168.0.22", localPort: 3306, localMark: "", remoteAddress: "192.168.82.22", remotePort: 3306,
      proto: "TCP", weight: 100, activeConn: 248, inactConn: 2,
    });
    expect(b[2]).toMatchObject({ localAddress: "", localPort: 0, localMark: "10001000", proto: "FWM", remoteAddress: "192.168.50.26" });
  });
  test("names the line of a bad backend", () => {
    expect(() => parseIpvsBackends("TCP  C0A80016:0CEA wlc\n  -> C0A85216:0CEA Tunnel x 1 2\n")).toThrow('line 2: Weight is not a number: "x"');
  });
});

describe("parseIpvsLabels", () => {
  const rows: [string, string, string[]][] = [
    ["default order kept", "local_mark,proto,local_address", ["local_address", "proto", "local_mark"]],
    ["empty", "", []],
  ];
  test.each(rows)("%s", (_name, flag, want) => {
    expect(parseIpvsLabels(flag)).toEqual(want as never);
  });
  test("unknown labels, sorted", () => {
    expect(() => parseIpvsLabels("zeta,proto,alpha")).toThrow('unknown IPVS backend labels: "alpha, zeta"');
  });
});

describe("sumBackends", () => {
  test("sums backends sharing the chosen labels", () => {
    const sums = sumBackends(parseIpvsBackends(IP_VS), ["local_address", "local_port"]);
    expect(sums).toEqual([
      { labels: { local_address: "192.168.0.22", local_port: "3306" }, activeConn: 496, inactConn: 3, weight: 200 },
      { labels: { local_address: "", local_port: "0" }, activeConn: 1, inactConn: 0, weight: 10 },
    ]);
  });
});
