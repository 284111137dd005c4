import { describe, expect, test } from "bun:test";
import { TIMEX_LAYOUT, TIMEX_SIZE, type Timex, adjtimex, decodeTimex } from "../../../src/exporter/kernel/adjtimex.ts";
import { buildTimex } from "../../support/build-timex.ts";

describe("decodeTimex", () => {
  const t = decodeTimex(
    buildTimex({ offset: -1234, freq: 655360, maxerror: 16000000, status: 0x2001, constant: 7, tick: 10000, shift: 3, stbcnt: 9, tai: 37 }),
  );
  const rows: [keyof Timex, number][] = [
    ["offset", -1234],
    ["freq", 655360],
    ["maxerror", 16000000],
    ["status", 0x2001],
    ["constant", 7],
    ["tick", 10000],
    ["shift", 3],
    ["stbcnt", 9],
    ["tai", 37],
    ["jitter", 0],
  ];
  test.each(rows)("%s", (field, want) => {
    expect(t[field]).toBe(want);
  });
  test("fields sit where the kernel puts them: reserved tail after tai", () => {
    expect(TIMEX_LAYOUT.tai.offset + 4 + 44).toBe(TIMEX_SIZE);
  });
  test("short buffer is an error", () => {
    expect(() => decodeTimex(new Uint8Array(100))).toThrow("want 208 bytes, got 100");
  });
});

describe("adjtimex on this host", () => {
  test("returns a clock state and a plausible tick", () => {
    const r = adjtimex();
    expect(r.state).toBeGreaterThanOrEqual(0);
    expect(r.state).toBeLessThanOrEqual(5);
    // USER_HZ ticks: 10000 us at HZ=100; anything from 1 us to 1 s is sane.
    expect(r.timex.tick).toBeGreaterThan(0);
    expect(r.timex.tick).toBeLessThanOrEqual(1000000);
  });
});
