import { describe, expect, test } from "bun:test";
import { parseSoftnet } from "../../../../src/exporter/host/procfs/softnet.ts";

const z = "00000000";
describe("parseSoftnet", () => {
  const rows: [string, string, Record<string, number>][] = [
    ["9 columns: index is the line", `0000000a 00000001 00000002 ${z} ${z} ${z} ${z} ${z} 00000003\n`, {
      processed: 10, dropped: 1, timeSqueezed: 2, cpuCollision: 3, receivedRps: 0, flowLimitCount: 0, backlogLen: 0, index: 0,
    }],
    ["11 columns", `${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z} 000000ff 00000010\n`, {
      processed: 0, dropped: 0, timeSqueezed: 0, cpuCollision: 0, receivedRps: 255, flowLimitCount: 16, backlogLen: 0, index: 0,
    }],
    ["13 columns carry backlog and index", `${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z} 00000004 00000007\n`, {
      processed: 0, dropped: 0, timeSqueezed: 0, cpuCollision: 0, receivedRps: 0, flowLimitCount: 0, backlogLen: 4, index: 7,
    }],
    ["max 32-bit", `ffffffff ${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z}`, {
      processed: 4294967295, dropped: 0, timeSqueezed: 0, cpuCollision: 0, receivedRps: 0, flowLimitCount: 0, backlogLen: 0, index: 0,
    }],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parseSoftnet(text)[0]).toEqual(want as never);
  });
  test("second line without index column is cpu 1", () => {
    const line = `${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z}\n`;
    expect(parseSoftnet(line + line)[1].index).toBe(1);
  });
  const bad: [string, string, string][] = [
    ["too few columns", "0 0 0\n", "line 1: detected 3 columns, but expected at least 9"],
    ["not hex", `${z} zz ${z} ${z} ${z} ${z} ${z} ${z} ${z}\n`, 'line 1: column 2: not a 32-bit hex number: "zz"'],
    ["over 32 bits", `100000000 ${z} ${z} ${z} ${z} ${z} ${z} ${z} ${z}\n`, "column 1: not a 32-bit hex number"],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseSoftnet(text)).toThrow(message);
  });
});
