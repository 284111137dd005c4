import { describe, expect, test } from "bun:test";
import { parseRunitStatus } from "../../../src/exporter/host/runit-service-status.ts";

const hex = (s: string) => Uint8Array.from(s.split(/\s+/).filter(Boolean).map((b) => Number.parseInt(b, 16)));

describe("parseRunitStatus", () => {
  const rows: [string, string, ReturnType<typeof parseRunitStatus>][] = [
    // TAI64 2^62+10+1700000000, pid 1234, want 'u', state run.
    ["running, wanted up", "40 00 00 00 65 53 f1 0a 00 00 00 00 d2 04 00 00 00 75 00 01", { timestamp: 1700000000, pid: 1234, want: 1, state: 1 }],
    ["down, wanted down", "40 00 00 00 65 53 f1 0a 00 00 00 00 00 00 00 00 00 64 00 00", { timestamp: 1700000000, pid: 0, want: 0, state: 0 }],
    ["finishing, big pid", "40 00 00 00 00 00 00 0a 12 34 56 78 ff ff ff 7f 00 75 00 02", { timestamp: 0, pid: 0x7fffffff, want: 1, state: 2 }],
    ["short record reads as zero-padded", "40 00 00 00 00 00 00 0b", { timestamp: 1, pid: 0, want: 0, state: 0 }],
  ];
  test.each(rows)("%s", (_name, bytes, want) => {
    expect(parseRunitStatus(hex(bytes))).toEqual(want);
  });

  test("empty status is an error", () => {
    expect(() => parseRunitStatus(new Uint8Array())).toThrow("status file is empty");
  });
});
