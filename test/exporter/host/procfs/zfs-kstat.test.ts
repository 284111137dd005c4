import { describe, expect, test } from "bun:test";
import { NoDataError } from "../../../../src/exporter/collector.ts";
import { zfsCollector } from "../../../../src/exporter/collectors/zfs.ts";
import {
  parseKstatTable,
  parseKstatUint,
  parseZpoolIo,
  parseZpoolObjset,
  parseZpoolState,
} from "../../../../src/exporter/host/procfs/zfs-kstat.ts";
import { collectorScraper, makeHostTree } from "../../../support/host-tree.ts";

const arcstats = `6 1 0x01 91 4368 5266997922 97951858082072
name                            type data
hits                            4    8772612
c_min                           4    33554432
arc_meta_min                    3    0
anon_evictable_metadata         4    0
`;

const io = `12 3 0x00 1 80 79205351707403 395818011156865
nread    nwritten reads    writes   wtime    wlentime wupdate  rtime    rlentime rupdate  wcnt     rcnt
1884160  3206144  22       132      7155162  104112268 79210489694949 24168078 104112268 79210489849220 0        0
`;

const objset = `23 1 0x01 7 2160 221578688875 6665999035587
name                            type data
dataset_name                    7    pool1/home
writes                          4    4
nunlinks                        4    1
`;

describe("parseKstatUint", () => {
  const cases: [string, number | undefined][] = [
    ["0", 0],
    ["18446744073709551615", 18446744073709551615],
    ["18446744073709551616", undefined],
    ["-1", undefined],
    ["", undefined],
  ];
  test.each(cases)("%p", (s, want) => {
    expect(parseKstatUint(s)).toBe(want);
  });
});

describe("kstat parsers", () => {
  test("named table keeps int64 and uint64 rows", () => {
    expect(parseKstatTable(arcstats, "arcstats").map((v) => v.name)).toEqual(["hits", "c_min", "arc_meta_min", "anon_evictable_metadata"]);
  });
  test("a table without header fails", () => {
    expect(() => parseKstatTable("hits 4 1\n", "arcstats")).toThrow('did not parse a single "arcstats" metric');
  });
  test("a negative int64 fails as upstream", () => {
    expect(() => parseKstatTable("name type data\nx 3 -5\n", "zil")).toThrow('"kstat.zfs.misc.zil.x"');
  });
  test("io row under header", () => {
    const v = parseZpoolIo(io);
    expect(v).toHaveLength(12);
    expect(v[0]).toEqual({ name: "nread", value: 1884160 });
    expect(v[11]).toEqual({ name: "rcnt", value: 0 });
  });
  test("a short io row fails", () => {
    expect(() => parseZpoolIo(`${io.split("\n").slice(0, 2).join("\n")}\n1 2 3\n`)).toThrow('"kstat.zfs.misc.io.writes"');
  });
  test("objset rows carry the dataset", () => {
    expect(parseZpoolObjset(objset)).toEqual([
      { dataset: "pool1/home", name: "writes", value: 4 },
      { dataset: "pool1/home", name: "nunlinks", value: 1 },
    ]);
  });
  test("an objset without header fails with upstream's empty dataset name", () => {
    expect(() => parseZpoolObjset("dataset_name 7 pool1/home\n")).toThrow("did not parse a single  metric");
  });
  test("objset rows before the header are ignored", () => {
    expect(parseZpoolObjset("writes 4 9\nname type data\nreads 4 2\n")).toEqual([{ dataset: "", name: "reads", value: 2 }]);
  });
  const states: [string, string][] = [
    ["ONLINE\n", "online"],
    ["SUSPENDED", "suspended"],
    ["", ""],
  ];
  test.each(states)("state %p", (text, want) => {
    expect(parseZpoolState(text)).toBe(want);
  });
});

describe("zfs collector", () => {
  test("exposition", async () => {
    const t = makeHostTree({
      "proc/spl/kstat/zfs/arcstats": arcstats,
      "proc/spl/kstat/zfs/tank/io": io,
      "proc/spl/kstat/zfs/tank/objset-0x36": objset,
      "proc/spl/kstat/zfs/tank/state": "DEGRADED\n",
    });
    try {
      const text = await collectorScraper(zfsCollector, t.paths)();
      const want = [
        "# HELP node_zfs_arc_hits kstat.zfs.misc.arcstats.hits",
        "# TYPE node_zfs_arc_hits untyped",
        "node_zfs_arc_hits 8.772612e+06",
        'node_zfs_zpool_nread{zpool="tank"} 1.88416e+06',
        "# HELP node_zfs_zpool_dataset_writes kstat.zfs.misc.objset.writes",
        'node_zfs_zpool_dataset_writes{dataset="pool1/home",zpool="tank"} 4',
        'node_zfs_zpool_state{state="degraded",zpool="tank"} 1',
        'node_zfs_zpool_state{state="online",zpool="tank"} 0',
      ];
      for (const line of want) expect(text).toContain(line);
    } finally {
      t.remove();
    }
  });

  test("no zfs module is no data", async () => {
    const t = makeHostTree({});
    try {
      await expect(collectorScraper(zfsCollector, t.paths)()).rejects.toBeInstanceOf(NoDataError);
    } finally {
      t.remove();
    }
  });
});
