import { describe, expect, test } from "bun:test";
import { parseBuddyInfo } from "../../../../src/exporter/host/procfs/buddyinfo.ts";

describe("parseBuddyInfo", () => {
  test("nodes and zones with their orders", () => {
    expect(parseBuddyInfo("Node 0, zone      DMA      1      0      1\nNode 0, zone   Normal   4381   1093    227\n")).toEqual([
      { node: "0", zone: "DMA", sizes: [1, 0, 1] },
      { node: "0", zone: "Normal", sizes: [4381, 1093, 227] },
    ]);
  });
  const bad: [string, string, string][] = [
    ["short line", "Node 0, zone\n", "line 1: invalid number of fields"],
    ["bucket count changes", "Node 0, zone DMA 1 2\nNode 0, zone Normal 1\n", "previous count 2, new count 1"],
    ["not a number", "Node 0, zone DMA 1 x\n", 'invalid value "x"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseBuddyInfo(text)).toThrow(message);
  });
});
