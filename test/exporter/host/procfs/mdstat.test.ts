import { describe, expect, test } from "bun:test";
import { parseMdstat } from "../../../../src/exporter/host/procfs/mdstat.ts";

const head = "Personalities : [raid1] [raid0]\n";
const tail = "\nunused devices: <none>\n";

describe("parseMdstat", () => {
  const ok: [string, string, Record<string, unknown>][] = [
    [
      "healthy raid1",
      "md0 : active raid1 sda1[0] sdb1[1]\n      1024 blocks [2/2] [UU]\n\n",
      { name: "md0", activityState: "active", disksActive: 2, disksTotal: 2, disksDown: 0, blocksTotal: 1024, blocksSynced: 1024 },
    ],
    [
      "degraded with failed and spare",
      "md1 : active raid1 sdb2[2](F) sdc[1](S) sda2[0]\n      200 blocks [2/1] [U_]\n      [=>...]  recovery =  8.5% (17/200) finish=17.0min speed=2597K/sec\n",
      { activityState: "recovering", disksActive: 1, disksFailed: 1, disksSpare: 1, disksDown: 1, blocksSynced: 17, blocksSyncedPct: 8.5, blocksSyncedFinishTime: 17, blocksSyncedSpeed: 2597 },
    ],
    [
      "bitmap line skipped before check",
      "md2 : active raid6 a[0] b[1]\n      99 blocks super 1.2 [2/2] [UU]\n      bitmap: 0/30 pages\n      [=>..]  check =  5.7% (9/99) finish=0.2min speed=11K/sec\n",
      { activityState: "checking", blocksSynced: 9 },
    ],
    [
      "delayed resync syncs nothing",
      "md3 : active raid1 a[0] b[1]\n      50 blocks [2/2] [UU]\n      resync=DELAYED\n",
      { activityState: "resyncing", blocksSynced: 0 },
    ],
    [
      "raid0 counts brackets",
      "md4 : active raid0 a[0] b[1] c[2]\n      300 blocks 64k chunks\n\n",
      { disksActive: 3, disksTotal: 3, blocksTotal: 300 },
    ],
    [
      "inactive has no disks",
      "md5 : inactive sda[0](S)\n      70 blocks super external:imsm\n\n",
      { activityState: "inactive", disksActive: 0, disksTotal: 0, disksSpare: 1, blocksTotal: 70 },
    ],
    [
      "auto-read-only is still active",
      "md6 : active (auto-read-only) raid1 a[0] b[1]\n      10 blocks [2/2] [UU]\n\n",
      { activityState: "active", disksActive: 2 },
    ],
  ];
  test.each(ok)("%s", (_name, body, want) => {
    const got = parseMdstat(head + body + tail);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject(want);
  });

  test("no devices", () => {
    expect(parseMdstat(head + tail)).toEqual([]);
  });

  const bad: [string, string, string][] = [
    ["too few lines", "md0 : active raid1 a[0]\n      10 blocks [1/1] [U]", "too few lines for md device md0"],
    ["size not a number", "md0 : active raid1 a[0]\n      x blocks [1/1] [U]\n\n\n", 'md device md0: unexpected status line'],
    ["no [n/m] status", "md0 : active raid1 a[0]\n      10 blocks\n\n\n", "could not find all substring matches"],
    ["short device line", "md0 :\n      10 blocks [1/1] [U]\n\n\n", "want 3+ fields"],
    ["bad recovery line", "md0 : active raid1 a[0]\n      10 blocks [1/1] [U]\n      recovery = x\n\n", "unexpected recovery line"],
  ];
  test.each(bad)("rejects %s", (_name, body, message) => {
    expect(() => parseMdstat(head + body)).toThrow(message);
  });
});
