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
  const noSkip = (message: string) => {
    throw new Error(`unexpected skip: ${message}`);
  };
  const skipped = () => {
    const messages: string[] = [];
    return { messages, skip: (m: string) => void messages.push(m) };
  };
  test("named table keeps int64 and uint64 rows", () => {
    expect(parseKstatTable(arcstats, "arcstats", noSkip).map((v) => v.name)).toEqual(["hits", "c_min", "arc_meta_min", "anon_evictable_metadata"]);
  });
  test("a table without header fails", () => {
    expect(() => parseKstatTable("hits 4 1\n", "arcstats", noSkip)).toThrow('did not parse a single "arcstats" metric');
  });
  test("an int64 row is signed, as since node_exporter 1.9", () => {
    const text = "name type data\nmemory_available_bytes 3 -922337203685477580\nhits 4 3\n";
    expect(parseKstatTable(text, "arcstats", noSkip)).toEqual([
      { name: "memory_available_bytes", value: -922337203685477580 },
      { name: "hits", value: 3 },
    ]);
  });
  test("a value that does not parse costs that field only", () => {
    const s = skipped();
    const text = "name type data\na 4 -1\nb 3 x\nc 4 18446744073709551616\nd 4 7\n";
    expect(parseKstatTable(text, "arcstats", s.skip)).toEqual([{ name: "d", value: 7 }]);
    expect(s.messages).toEqual([
      'could not parse expected unsigned integer value for "kstat.zfs.misc.arcstats.a"',
      'could not parse expected signed integer value for "kstat.zfs.misc.arcstats.b"',
      'could not parse expected unsigned integer value for "kstat.zfs.misc.arcstats.c"',
    ]);
  });
  test("io row under header", () => {
    const v = parseZpoolIo(io, noSkip);
    expect(v).toHaveLength(12);
    expect(v[0]).toEqual({ name: "nread", value: 1884160 });
    expect(v[11]).toEqual({ name: "rcnt", value: 0 });
  });
  test("a short io row costs the missing fields", () => {
    const s = skipped();
    const v = parseZpoolIo(`${io.split("\n").slice(0, 2).join("\n")}\n1 2 3\n`, s.skip);
    expect(v.map((x) => x.name)).toEqual(["nread", "nwritten", "reads"]);
    expect(s.messages).toHaveLength(9);
    expect(s.messages[0]).toBe('could not parse expected integer value for "kstat.zfs.misc.io.writes"');
  });
  test("objset rows carry the dataset", () => {
    expect(parseZpoolObjset(objset, noSkip)).toEqual([
      { dataset: "pool1/home", name: "writes", value: 4 },
      { dataset: "pool1/home", name: "nunlinks", value: 1 },
    ]);
  });
  test("an objset without header fails with upstream's empty dataset name", () => {
    expect(() => parseZpoolObjset("dataset_name 7 pool1/home\n", noSkip)).toThrow("did not parse a single  metric");
  });
  test("a dataset name keeps its spaces", () => {
    const text = "name type data\ndataset_name 7    pool3/with  two spaces\nwrites 4 1\n";
    expect(parseZpoolObjset(text, noSkip)).toEqual([{ dataset: "pool3/with  two spaces", name: "writes", value: 1 }]);
    expect(parseZpoolObjset("name type data\ndataset_name 7 a\nreads 4 2\n", noSkip)[0].dataset).toBe("a");
  });
  test("objset rows before the header are ignored", () => {
    expect(parseZpoolObjset("writes 4 9\nname type data\nreads 4 2\n", noSkip)).toEqual([{ dataset: "", name: "reads", value: 2 }]);
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
