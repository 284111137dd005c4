import { describe, expect, test } from "bun:test";
import { mountstatsCollector } from "../../../../src/exporter/collectors/mountstats.ts";
import { parseMountInfo } from "../../../../src/exporter/host/procfs/mountinfo.ts";
import { parseMountStats, parseTransport } from "../../../../src/exporter/host/procfs/mountstats.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const events = Array.from({ length: 27 }, (_, i) => i + 1).join(" ");
const nfsBlock = (device: string, mount: string, xprt: string) => `device ${device} mounted on ${mount} with fstype nfs4 statvers=1.1
\topts:\trw,vers=4.1,addr=10.0.0.1
\tage:\t120
\tbytes:\t1 2 3 4 5 6 7 8
\tevents:\t${events}
\txprt:\t${xprt}
\tper-op statistics
\t        NULL: 0 0 0 0 0 0 0 0
\t        READ: 10 11 1 100 2000 18446744073709551615 7000 8000 0

`;
const MOUNTSTATS = `device rootfs mounted on / with fstype rootfs
${nfsBlock("srv:/a", "/mnt/a", "tcp 832 1 2 0 9 6428 6428 0 12154 0 24 26 5726\n\txprt:\ttcp 833 1 3 0 4 1 1 0 1 0 1 1 1")}${nfsBlock("srv:/a", "/mnt/a-dupe", "tcp 832 1 2 0 9 6428 6428 0 12154 0 24 26 5726")}`;
const MOUNTINFO = [
  "1 0 8:1 / / rw - rootfs rootfs rw",
  "2 1 0:40 / /mnt/a rw,relatime shared:5 - nfs4 srv:/a rw,vers=4.1,addr=10.0.0.1",
  "3 1 0:41 / /mnt/a-dupe rw - nfs4 srv:/a rw,addr=10.0.0.1",
  "",
].join("\n");

describe("parseTransport", () => {
  const cases: [string, string[], string, Record<string, unknown>][] = [
    ["tcp 1.1", "tcp 1 2 3 4 5 6 7 8 9 10 11 12 13".split(" "), "1.1", { bind: 2, connect: 3, idleTimeSeconds: 5n, sends: 6, cumulativePendingQueue: 13 }],
    ["udp 1.1 shifts past the connect fields", "udp 1 2 3 4 5 6 7 8 9 10".split(" "), "1.1", { bind: 2, connect: 0, idleTimeSeconds: 0n, sends: 3, cumulativePendingQueue: 10 }],
    ["tcp 1.0 leaves the 1.1 fields zero", "tcp 1 2 3 4 5 6 7 8 9 10".split(" "), "1.0", { sends: 6, maximumRpcSlotsUsed: 0 }],
    ["rdma has no queue fields", `rdma ${Array.from({ length: 20 }, (_, i) => i + 1).join(" ")}`.split(" "), "1.1", { cumulativeBacklog: 10, maximumRpcSlotsUsed: 0 }],
  ];
  test.each(cases)("%s", (_n, fields, version, want) => {
    expect(parseTransport(fields, version)).toMatchObject(want);
  });

  const bad: [string, string[], string, string][] = [
    ["wrong length", ["tcp", "1"], "1.1", "invalid NFS transport stats 1.1 statement"],
    ["unknown protocol", ["sctp", "1"], "1.1", 'invalid NFS protocol "sctp"'],
    ["unknown version", ["tcp", "1"], "2.0", 'unrecognized NFS transport stats version: "2.0"'],
  ];
  test.each(bad)("rejects %s", (_n, fields, version, message) => {
    expect(() => parseTransport(fields, version)).toThrow(message);
  });
});

describe("parseMountStats", () => {
  const mounts = parseMountStats(MOUNTSTATS);
  test("non-NFS mounts carry no stats", () => {
    expect(mounts.map((m) => [m.device, m.nfs !== undefined])).toEqual([
      ["rootfs", false],
      ["srv:/a", true],
      ["srv:/a", true],
    ]);
  });
  test("every xprt: line is one transport", () => {
    expect(mounts[1].nfs?.transports.map((t) => t.port)).toEqual([832, 833]);
    expect(parseMountStats("device a mounted on /a with fstype nfs statvers=1.1\n\tage:\t1\n\n")[0].nfs?.transports).toEqual([]);
  });
  test("NFS stats", () => {
    const s = mounts[1].nfs!;
    expect(s.ageSeconds).toBe(120);
    expect(s.bytes.readTotal).toBe(5);
    expect(s.events.pnfsWrite).toBe(27);
    expect(s.opts.get("addr")).toBe("10.0.0.1");
    expect(s.operations.map((o) => o.operation)).toEqual(["NULL", "READ"]);
    expect(s.operations[1].queueMilliseconds).toBe(18446744073709551615n);
  });

  const bad: [string, string, string][] = [
    ["stats on a non-NFS mount", "device a mounted on /a with fstype cifs statvers=1.1\n", 'cannot parse MountStats for "cifs"'],
    ["malformed device line", "device a mounted at /a with fstype nfs\n", "invalid device"],
    ["short bytes", "device a mounted on /a with fstype nfs statvers=1.1\n\tbytes:\t1 2\n\n", "invalid NFS bytes stats"],
    ["short per-op", "device a mounted on /a with fstype nfs statvers=1.1\n\tper-op statistics\n\tNULL: 1 2\n", "invalid NFS per-operations stats"],
  ];
  test.each(bad)("rejects %s", (_n, text, message) => {
    expect(() => parseMountStats(text)).toThrow(message);
  });
});

describe("parseMountInfo", () => {
  test("super options", () => {
    expect(parseMountInfo(MOUNTINFO)[1].superOptions.get("addr")).toBe("10.0.0.1");
  });
  const bad: [string, string][] = [
    ["too few fields", "1 0 8:1 / / rw - ext4\n"],
    ["no separator", "1 0 8:1 / / rw x y ext4 /dev/sda rw\n"],
  ];
  test.each(bad)("rejects %s", (_n, text) => {
    expect(() => parseMountInfo(text)).toThrow(/too few fields|separator/);
  });
});

describe("mountstats collector", () => {
  test("exposition, duplicates skipped", async () => {
    const t = makeHostTree({ "proc/self/mountstats": MOUNTSTATS, "proc/self/mountinfo": MOUNTINFO });
    try {
      const text = await collectorScraper(mountstatsCollector, t.paths)();
      const l = 'export="srv:/a",mountaddr="10.0.0.1"';
      const want = [
        `node_mountstats_nfs_age_seconds_total{${l},protocol="tcp"} 120`,
        `node_mountstats_nfs_transport_idle_time_seconds{${l},protocol="tcp",transport="0"} 9`,
        // A second xprt: line (nconnect) is transport 1 of the same export.
        `node_mountstats_nfs_transport_idle_time_seconds{${l},protocol="tcp",transport="1"} 4`,
        // The duplicate export still gets its mount point's info series.
        `node_mountstats_nfs_mountpoint_info{${l},mountpoint="/mnt/a",protocol="tcp"} 1`,
        `node_mountstats_nfs_mountpoint_info{${l},mountpoint="/mnt/a-dupe",protocol="tcp"} 1`,
        // 2^64-1 modulo 2^53, in seconds.
        `node_mountstats_nfs_operations_queue_time_seconds_total{${l},operation="READ",protocol="tcp"} 9.00719925474099e+12`,
        `node_mountstats_nfs_event_pnfs_write_total{${l},protocol="tcp"} 27`,
      ];
      for (const line of want) expect(text).toContain(line);
      expect(text.match(/node_mountstats_nfs_age_seconds_total\{/g)).toHaveLength(1);
    } finally {
      t.remove();
    }
  });
});
