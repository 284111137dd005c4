import { afterAll, describe, expect, test } from "bun:test";
import { NoDataError } from "../../../../src/exporter/collector.ts";
import { nfsCollector } from "../../../../src/exporter/collectors/nfs.ts";
import { nfsdCollector } from "../../../../src/exporter/collectors/nfsd.ts";
import { parseNfsClientStats, parseNfsServerStats } from "../../../../src/exporter/host/procfs/nfs-rpc.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const seq = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from).join(" ");

const client = [
  "net 18 1 17 3",
  "rpc 100 2 1",
  `proc2 18 ${seq(18)}`,
  `proc3 22 ${seq(22)}`,
  `proc4 48 ${seq(48)}`,
  "",
].join("\n");

const server = [
  "rc 1 2 3",
  "fh 4 0 0 0 0",
  "io 100 200",
  "th 8 0 0.000 0.000",
  "ra 32 0 0 0 0 0 0 0 0 0 0 7",
  "net 20 5 15 2",
  "rpc 20 1 2 3 4",
  `proc2 18 ${seq(18)}`,
  `proc3 22 ${seq(22)}`,
  "proc4 2 1 9",
  `proc4ops 40 ${seq(40)}`,
  "wdeleg_getattr 6",
  "",
].join("\n");

describe("parseNfsClientStats", () => {
  const s = parseNfsClientStats(client);
  const cases: [string, number | undefined, number][] = [
    ["udp packets", s.network.udpCount, 1],
    ["tcp connections", s.network.tcpConnect, 3],
    ["retransmissions", s.rpc.retransmissions, 2],
    ["v2 FsStat is the last", s.v2.get("FsStat"), 18],
    ["v3 Commit is the last", s.v3.get("Commit"), 22],
    ["v4 older kernel, known value", s.v4.get("Null"), 1],
    ["v4 older kernel, missing value is 0", s.v4.get("Clone"), 0],
  ];
  test.each(cases)("%s", (_n, got, want) => {
    expect(got).toBe(want);
  });

  const bad: [string, string, string][] = [
    ["unknown label", "foo 1 2\n", 'line 1: unknown NFS metric line "foo"'],
    ["count mismatch", "proc2 18 1 2 3\n", "line 1: invalid V2Stats line"],
    ["too few v3", `proc3 5 ${seq(5)}\n`, "invalid V3Stats line"],
    ["bad net", "net 1 2 3\n", "invalid Network line"],
    ["not a number", "rpc 1 x 3\n", 'invalid value "x"'],
    ["label alone", "rpc\n", "invalid NFS metric line"],
  ];
  test.each(bad)("rejects %s", (_n, text, message) => {
    expect(() => parseNfsClientStats(text)).toThrow(message);
  });
});

describe("parseNfsServerStats", () => {
  const s = parseNfsServerStats(server);
  const cases: [string, number | undefined, number][] = [
    ["reply cache nocache", s.replyCache.noCache, 3],
    ["threads, histogram ignored", s.threads.threads, 8],
    ["read-ahead not found", s.readAhead.notFound, 7],
    ["bad auth", s.rpc.badAuth, 3],
    ["v4 Write", s.v4Ops.get("Write"), 39],
    ["v4 RelLockOwner (40th)", s.v4Ops.get("RelLockOwner"), 40],
    ["wdeleg_getattr", s.wdelegGetattr, 6],
  ];
  test.each(cases)("%s", (_n, got, want) => {
    expect(got).toBe(want);
  });

  const bad: [string, string, string][] = [
    ["proc4 with 3", "proc4 3 1 2 3\n", "invalid V4Stats line"],
    ["short th", "th 8\n", "invalid NFSd th metric line"],
    ["short ra", "ra 1 2\n", "invalid ReadAheadCache line"],
    ["unknown", "xyz 1\n", 'unknown NFSd metric line "xyz"'],
  ];
  test.each(bad)("rejects %s", (_n, text, message) => {
    expect(() => parseNfsServerStats(text)).toThrow(message);
  });
});

describe("nfs and nfsd collectors", () => {
  const tree = makeHostTree({ "proc/net/rpc/nfs": client, "proc/net/rpc/nfsd": server });
  const empty = makeHostTree({});
  afterAll(() => {
    tree.remove();
    empty.remove();
  });

  test("nfs exposition", async () => {
    const text = await collectorScraper(nfsCollector, tree.paths)();
    expect(text).toContain('node_nfs_packets_total{protocol="tcp"} 17');
    expect(text).toContain('node_nfs_requests_total{method="ReadDirPlus",proto="3"} 18');
    expect(text).toContain('node_nfs_requests_total{method="Null",proto="2"} 1');
  });

  test("nfsd exposition", async () => {
    const text = await collectorScraper(nfsdCollector, tree.paths)();
    expect(text).toContain('node_nfsd_rpc_errors_total{error="cInt"} 4');
    expect(text).toContain('node_nfsd_requests_total{method="WdelegGetattr",proto="4"} 6');
    expect(text).toContain("node_nfsd_server_threads 8");
    // The server side leaves out Null and the unused v4 slots.
    expect(text).not.toContain('method="Null"');
    expect(text).not.toContain('method="PutPubFH"');
  });

  test.each([
    ["nfs", nfsCollector],
    ["nfsd", nfsdCollector],
  ] as const)("%s without the file is no data", async (_n, def) => {
    await expect(collectorScraper(def, empty.paths)()).rejects.toBeInstanceOf(NoDataError);
  });
});
