import { describe, expect, test } from "bun:test";
import { emitSockstat } from "../../../../src/exporter/collectors/sockstat.ts";
import { parseSockstat } from "../../../../src/exporter/host/procfs/net-sockstat.ts";
import { FamilyBuilder } from "../../../../src/metrics/family-builder.ts";

describe("parseSockstat", () => {
  test("IPv4 file", () => {
    const s = parseSockstat("sockets: used 229\nTCP: inuse 4 orphan 0 tw 4 alloc 17 mem 1\nUDP: inuse 0 mem 0\nFRAG: inuse 0 memory 0\n");
    expect(s.used).toBe(229);
    expect(s.protocols).toEqual([
      { protocol: "TCP", inuse: 4, orphan: 0, tw: 4, alloc: 17, mem: 1 },
      { protocol: "UDP", inuse: 0, mem: 0 },
      { protocol: "FRAG", inuse: 0, memory: 0 },
    ]);
  });
  test("IPv6 file has no used", () => {
    const s = parseSockstat("TCP6: inuse 17\nRAW6: inuse 1\n");
    expect(s.used).toBeUndefined();
    expect(s.protocols.map((p) => p.protocol)).toEqual(["TCP6", "RAW6"]);
  });

  const bad: [string, string, string][] = [
    ["too few fields", "TCP: inuse\n", "line 1: malformed sockstat line"],
    ["odd pairs", "TCP: inuse 1 orphan\n", "odd number of fields"],
    ["not a number", "TCP: inuse x\n", 'inuse is not an integer: "x"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseSockstat(text)).toThrow(message);
  });
});

describe("emitSockstat", () => {
  test("names, mem_bytes from pages, used only for IPv4", () => {
    const out = new FamilyBuilder();
    emitSockstat(out, { used: 5, protocols: [{ protocol: "TCP", inuse: 1, mem: 3 }] }, false, 4096);
    emitSockstat(out, { used: 9, protocols: [{ protocol: "TCP6", inuse: 2 }] }, true, 4096);
    const got = Object.fromEntries(out.build().map((f) => [f.name, f.metrics[0].value]));
    expect(got).toEqual({
      node_sockstat_sockets_used: 5,
      node_sockstat_TCP_inuse: 1,
      node_sockstat_TCP_mem: 3,
      node_sockstat_TCP_mem_bytes: 12288,
      node_sockstat_TCP6_inuse: 2,
    });
  });
});
