import { describe, expect, test } from "bun:test";
import { parseDiskstats } from "../../../../src/exporter/host/procfs/diskstats.ts";

describe("parseDiskstats", () => {
  const ok: [string, string, { device: string; major: number; minor: number; count: number; first: number; last: number }[]][] = [
    [
      "kernel 4.x, 11 counters",
      "   8       0 sda 10 2 300 4 5 6 700 8 0 9 12\n",
      [{ device: "sda", major: 8, minor: 0, count: 11, first: 10, last: 12 }],
    ],
    [
      "15 and 17 counters",
      " 259 0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n 8 16 sdb 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
      [
        { device: "nvme0n1", major: 259, minor: 0, count: 15, first: 1, last: 15 },
        { device: "sdb", major: 8, minor: 16, count: 17, first: 1, last: 17 },
      ],
    ],
    ["short line skipped", "8 0 sda 1 2 3\n8 1 sda1 1 2 3 4 5 6 7 8 9 10 11\n", [{ device: "sda1", major: 8, minor: 1, count: 11, first: 1, last: 11 }]],
    ["empty", "", []],
  ];
  test.each(ok)("%s", (_name, text, want) => {
    const got = parseDiskstats(text).map((d) => ({
      device: d.device,
      major: d.major,
      minor: d.minor,
      count: d.stats.length,
      first: d.stats[0],
      last: d.stats[d.stats.length - 1],
    }));
    expect(got).toEqual(want);
  });

  const bad: [string, string, string][] = [
    ["non-numeric counter", "8 0 sda 1 2 x 4 5 6 7 8 9 10 11\n", 'line 1: field 6 is not a number: "x"'],
    ["non-numeric major", "a 0 sda 1 2 3 4 5 6 7 8 9 10 11\n", 'line 1: field 1 is not a number: "a"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseDiskstats(text)).toThrow(message);
  });
});
