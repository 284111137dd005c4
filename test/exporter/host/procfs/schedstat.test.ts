import { describe, expect, test } from "bun:test";
import { type SchedstatCpu, parseSchedstat } from "../../../../src/exporter/host/procfs/schedstat.ts";

describe("parseSchedstat", () => {
  const rows: [string, string, SchedstatCpu[]][] = [
    [
      "cpu lines only",
      "version 15\ntimestamp 1\ncpu0 0 0 0 0 0 0 2000000000 500 42\ndomain0 3 1 2 3\ncpu1 0 0 0 0 0 0 1 2 3\n",
      [
        { cpu: "0", runningNanoseconds: 2000000000, waitingNanoseconds: 500, timeslices: 42 },
        { cpu: "1", runningNanoseconds: 1, waitingNanoseconds: 2, timeslices: 3 },
      ],
    ],
    ["too few numbers ignored", "cpu0 1 2 3\n", []],
    ["uint64 overflow drops the line", "cpu0 0 0 0 0 0 0 99999999999999999999 1 1\n", []],
    ["empty", "", []],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parseSchedstat(text)).toEqual(want);
  });
});
