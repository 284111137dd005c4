import { describe, expect, test } from "bun:test";
import { parseConntrackStat } from "../../../../src/exporter/host/procfs/conntrack.ts";
import { parseUintFile } from "../../../../src/exporter/host/procfs/uint-file.ts";

const HEADER = "entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart\n";

describe("parseConntrackStat", () => {
  const rows: [string, string, Record<string, number>][] = [
    [
      "sums CPUs, hex values",
      `${HEADER}00000021  00000000 00000001 00000000 00000010 0000000a 00000000 00000000 00000002 00000001 00000001 00000000 00000000  00000000 00000000 00000000 00000003\n` +
        `00000021  00000000 00000001 00000000 00000001 00000000 00000000 00000000 00000002 00000000 00000000 00000001 00000000  00000000 00000000 00000000 0000000f\n`,
      { found: 2, invalid: 17, ignore: 10, insert: 4, insertFailed: 1, drop: 1, earlyDrop: 1, searchRestart: 18 },
    ],
    [
      "old kernel without search_restart",
      `${HEADER}1 0 5 0 0 0 0 0 0 0 0 0 0 0 0 0\n`,
      { found: 5, searchRestart: 0 },
    ],
    ["header only", HEADER, { found: 0, drop: 0 }],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(parseConntrackStat(text)).toMatchObject(want);
  });

  const bad: [string, string, string][] = [
    ["too few columns", `${HEADER}1 2 3\n`, "invalid number of fields: 3"],
    ["not hex", `${HEADER}1 2 zz 0 0 0 0 0 0 0 0 0 0 0 0 0\n`, 'not a hex number: "zz"'],
  ];
  test.each(bad)("rejects %s", (_name, text, message) => {
    expect(() => parseConntrackStat(text)).toThrow(message);
  });
});

describe("parseUintFile", () => {
  test.each([["123\n", 123], ["0", 0]] as const)("%j", (text, want) => {
    expect(parseUintFile(text)).toBe(want);
  });
  test("rejects a negative", () => {
    expect(() => parseUintFile("-1\n")).toThrow("not an unsigned integer");
  });
});
