import { describe, expect, test } from "bun:test";
import { parseSoftirqs } from "../../../../src/exporter/host/procfs/softirqs.ts";

const TEXT = `                    CPU0       CPU1
          HI:          7          1
       TIMER:     100000     200000
      NET_RX:        5         6
      CUSTOM:        9         9
         RCU:
`;

describe("parseSoftirqs", () => {
  const s = parseSoftirqs(TEXT);
  const rows: [string, unknown, unknown][] = [
    ["HI per cpu", s.get("HI"), [7, 1]],
    ["TIMER", s.get("TIMER"), [100000, 200000]],
    ["NET_RX", s.get("NET_RX"), [5, 6]],
    ["unknown type ignored", s.size, 3],
    ["line without counts ignored", s.get("RCU"), undefined],
  ];
  test.each(rows)("%s", (_name, got, want) => {
    expect(got).toEqual(want);
  });
  const bad: [string, string, string][] = [
    ["empty", "", "softirqs empty"],
    ["bad count", "CPU0 CPU1\nHI: 1 x\n", 'line 2: couldn\'t parse "x" (HI1)'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseSoftirqs(text)).toThrow(message);
  });
});
