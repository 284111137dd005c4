import { describe, expect, test } from "bun:test";
import { parseCgroupSummaries } from "../../../../src/exporter/host/procfs/cgroups.ts";

describe("parseCgroupSummaries", () => {
  test("skips the header, reads each controller", () => {
    expect(parseCgroupSummaries("#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t5\t47\t1\nmemory\t0\t234\t0\n")).toEqual([
      { subsysName: "cpuset", hierarchy: 5, cgroups: 47, enabled: 1 },
      { subsysName: "memory", hierarchy: 0, cgroups: 234, enabled: 0 },
    ]);
  });
  const bad: [string, string, string][] = [
    ["too few fields", "cpu 1 2\n", "line 1: 4+ fields required, found 3"],
    ["not a number", "cpu 1 many 1\n", 'unable to parse Cgroup Num from "many"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseCgroupSummaries(text)).toThrow(message);
  });
});
