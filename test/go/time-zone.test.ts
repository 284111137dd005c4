import { describe, expect, test } from "bun:test";
import { parsePosixTz, tzifFooter, zoneFileCandidates, zoneName } from "../../src/go/time-zone.ts";

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
