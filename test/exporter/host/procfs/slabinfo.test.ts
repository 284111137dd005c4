import { describe, expect, test } from "bun:test";
import { parseSlabinfo } from "../../../../src/exporter/host/procfs/slabinfo.ts";

const HEAD = "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n";

describe("parseSlabinfo", () => {
  test("entries after the version and header lines", () => {
    expect(parseSlabinfo(`${HEAD}ext4_inode_cache  1234   1500   1096   29    8 : tunables    0    0    0 : slabdata     52     52      0\n`)).toEqual([
      { name: "ext4_inode_cache", objActive: 1234, objNum: 1500, objSize: 1096, objPerSlab: 29, pagesPerSlab: 8 },
    ]);
  });
  test("header only", () => {
    expect(parseSlabinfo(HEAD)).toEqual([]);
  });
  const bad: [string, string, string][] = [
    ["wrong token count", `${HEAD}x 1 2 3\n`, "line 3: unable to parse"],
    ["not a number", `${HEAD}x 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 y 0\n`, 'num_slabs is not an integer: "y"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseSlabinfo(text)).toThrow(message);
  });
});
