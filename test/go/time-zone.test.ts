import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localZoneResolver, parsePosixTz, tzifFooter, tzifLastTransitionMs, zoneFileCandidates, zoneName } from "../../src/go/time-zone.ts";

describe("zoneFileCandidates", () => {
  const rows: [string, string | undefined, string[]][] = [
    ["unset: /etc/localtime", undefined, ["/etc/localtime"]],
    ["empty: UTC", "", []],
    ["UTC", "UTC", []],
    ["absolute path", ":/tmp/zone", ["/tmp/zone"]],
    ["name searched in zoneinfo dirs", "Europe/Berlin", ["/usr/share/zoneinfo/Europe/Berlin", "/usr/share/lib/zoneinfo/Europe/Berlin", "/usr/lib/locale/TZ/Europe/Berlin", "/etc/zoneinfo/Europe/Berlin"]],
  ];
  test.each(rows)("%s", (_name, tz, want) => {
    expect(zoneFileCandidates(tz)).toEqual(want);
  });
});

describe("parsePosixTz and zoneName", () => {
  const rows: [string, string, number, string | undefined][] = [
    ["winter in Berlin", "CET-1CEST,M3.5.0,M10.5.0/3", 3600, "CET"],
    ["summer in Berlin", "CET-1CEST,M3.5.0,M10.5.0/3", 7200, "CEST"],
    ["New York", "EST5EDT,M3.2.0,M11.1.0", -18000, "EST"],
    ["quoted numeric name", "<+0530>-5:30", 19800, "+0530"],
    ["UTC", "UTC0", 0, "UTC"],
    ["offset not in rule", "UTC0", 3600, undefined],
  ];
  test.each(rows)("%s", (_name, rule, offset, want) => {
    expect(zoneName(rule, offset)).toBe(want);
  });
  test("dst offset defaults to one hour ahead", () => {
    expect(parsePosixTz("EST5EDT")).toEqual({ std: "EST", stdOffset: -18000, dst: "EDT", dstOffset: -14400 });
  });
});

describe("tzifFooter", () => {
  const header = Buffer.alloc(44);
  header.write("TZif2", 0, "latin1");
  const rows: [string, Buffer, string | undefined][] = [
    ["v2 footer", Buffer.concat([header, Buffer.from("\nCET-1CEST,M3.5.0,M10.5.0/3\n")]), "CET-1CEST,M3.5.0,M10.5.0/3"],
    ["not TZif", Buffer.from("hello world".padEnd(50)), undefined],
    ["version 1 has no footer", Buffer.concat([Buffer.from("TZif\0"), Buffer.alloc(39), Buffer.from("\nUTC0\n")]), undefined],
  ];
  test.each(rows)("%s", (_name, data, want) => {
    expect(tzifFooter(data)).toBe(want);
  });
});

// A TZif file with transitions at `times` (seconds): the version 1 block
// (32-bit times, clamped as zic clamps them), the version 2 header and block
// (64-bit times), one local time type, and the footer.
function tzif(times: number[], footer: string): Buffer {
  const header = (timecnt: number) => {
    const h = Buffer.alloc(44);
    h.write("TZif2", 0, "latin1");
    h.writeUInt32BE(timecnt, 32); // timecnt
    h.writeUInt32BE(1, 36); // typecnt
    h.writeUInt32BE(4, 40); // charcnt
    return h;
  };
  const block = (width: 4 | 8) => {
    const t = Buffer.alloc(times.length * width);
    times.forEach((x, i) => (width === 4 ? t.writeInt32BE(Math.min(x, 2 ** 31 - 1), i * 4) : t.writeBigInt64BE(BigInt(x), i * 8)));
    return Buffer.concat([t, Buffer.alloc(times.length), Buffer.alloc(6), Buffer.from("UTC\0")]);
  };
  return Buffer.concat([header(times.length), block(4), header(times.length), block(8), Buffer.from(`\n${footer}\n`)]);
}

describe("tzifLastTransitionMs", () => {
  test("the last 64-bit transition, in milliseconds", () => {
    expect(tzifLastTransitionMs(tzif([-100, 1_000, 2_000_000_000], "UTC0"))).toBe(2_000_000_000_000);
  });
  test("no transitions: the footer has always applied", () => {
    expect(tzifLastTransitionMs(tzif([], "UTC0"))).toBe(Number.NEGATIVE_INFINITY);
  });
  test("truncated or not TZif: unknown", () => {
    const whole = tzif([1_000, 2_000], "UTC0");
    expect(tzifLastTransitionMs(whole.subarray(0, 60))).toBeUndefined();
    expect(tzifLastTransitionMs(Buffer.from("hello world".padEnd(60)))).toBeUndefined();
  });
});

describe("localZoneResolver", () => {
  const dir = mkdtempSync(join(tmpdir(), "mon-tz-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const zoneFile = (name: string, data: Buffer) => {
    writeFileSync(join(dir, name), data);
    return `:${join(dir, name)}`;
  };
  test("a zone without daylight time, its last transition past: the footer's name and offset", () => {
    const at = localZoneResolver({ TZ: zoneFile("fixed", tzif([1_000], "<+03>-3")) });
    expect(at(new Date())).toEqual({ name: "+03", offsetSeconds: 10800 });
  });
  test("a transition still ahead: the offset comes from Date, as for zones with daylight time", () => {
    const at = localZoneResolver({ TZ: zoneFile("ahead", tzif([1_000, 4_000_000_000], "<+03>-3")) });
    const now = new Date();
    const offsetSeconds = 0 - now.getTimezoneOffset() * 60;
    expect(at(now).offsetSeconds).toBe(offsetSeconds);
  });
});
