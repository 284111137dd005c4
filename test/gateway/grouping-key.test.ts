import { describe, expect, test } from "bun:test";
import {
  GroupingKeyError,
  decodeBase64Url,
  decodeUrlPath,
  groupId,
  parseGroupingKey,
} from "../../src/gateway/grouping-key.ts";

describe("parseGroupingKey", () => {
  const ok: [string, Record<string, string>][] = [
    ["job/foo", { job: "foo" }],
    ["job/foo/", { job: "foo" }],
    ["job/foo/instance/bar", { job: "foo", instance: "bar" }],
    ["job/foo/a/1/b/2", { job: "foo", a: "1", b: "2" }],
    ["job/foo/a/1/a/2", { job: "foo", a: "2" }],
    ["job/foo/job/bar", { job: "foo" }],
    ["job/foo/a/", { job: "foo", a: "" }],
    ["job@base64/Zm9v", { job: "foo" }],
    ["job@base64/Zm9vYg==", { job: "foob" }],
    ["job@base64/Zm9vYg", { job: "foob" }],
    ["job/foo/path@base64/L3Zhci90bXA=", { job: "foo", path: "/var/tmp" }],
    ["job/foo/path@base64/L3Zhci90bXA", { job: "foo", path: "/var/tmp" }],
    ["job/foo/empty@base64/=", { job: "foo", empty: "" }],
    ["job/foo/url@base64/Pz8-", { job: "foo", url: "??>" }],
    ["job/foo/url@base64/Pz8_", { job: "foo", url: "???" }],
    ["job/foo/_x/1", { job: "foo", _x: "1" }],
    ["job/foo bar/l/ü", { job: "foo bar", l: "ü" }],
  ];
  for (const [path, want] of ok) {
    test(`accepts ${path}`, () => {
      expect(parseGroupingKey(path)).toEqual(want);
    });
  }

  const bad: [string, string][] = [
    ["job/foo/a", 'odd number of components in label string "/a"'],
    ["job/foo/a/1/b", 'odd number of components in label string "/a/1/b"'],
    ["job/foo/a/b/", 'odd number of components in label string "/a/b/"'],
    ["job/foo/__a/1", 'improper label name "__a"'],
    ["job/foo/1a/1", 'improper label name "1a"'],
    ["job/foo/a-b/1", 'improper label name "a-b"'],
    ["job/foo/__a@base64/MQ", 'improper label name "__a"'],
    ["job/foo/a@base64/M!", 'invalid base64 encoding for label a="M!": illegal base64 data at input byte 1'],
    ["job/foo/a@base64/Zm9v+A", 'invalid base64 encoding for label a="Zm9v+A": illegal base64 data at input byte 4'],
    ["job/foo/a@base64/Z", 'invalid base64 encoding for label a="Z": illegal base64 data at input byte 0'],
    ["job@base64/=", "job name is required"],
    ["job@base64/", "job name is required"],
    ["job/", "job name is required"],
    ["job@base64/a/b", 'invalid base64 encoding in job name "a": illegal base64 data at input byte 0'],
  ];
  for (const [path, message] of bad) {
    test(`rejects ${path}`, () => {
      expect(() => parseGroupingKey(path)).toThrow(new GroupingKeyError(message));
    });
  }

  test("paths without job/ are not push paths", () => {
    for (const p of ["", "jobs/a", "job", "instance/a/job/b"]) expect(parseGroupingKey(p)).toBeUndefined();
  });
});

describe("parseGroupingKey with UTF-8 names (Pushgateway 1.11 --push.enable-utf8-names)", () => {
  const ok: [string, Record<string, string>][] = [
    ["job/batch/U__svc_2e_name/api", { job: "batch", "svc.name": "api" }],
    ["job/batch/U__svc_2e_name@base64/YS9i", { job: "batch", "svc.name": "a/b" }],
    ["job@base64/Yi9j/U__zone_2d_id/eu", { job: "b/c", "zone-id": "eu" }],
    // Given as is (percent-decoded before routing), a UTF-8 name needs no escaping.
    ["job/batch/région/ouest", { job: "batch", région: "ouest" }],
    ["job/batch/U__temp__c_b0_/1", { job: "batch", "temp_c°": "1" }],
    // A malformed escape is taken as the name itself, which is valid UTF-8.
    ["job/batch/U__bad_2g_/1", { job: "batch", U__bad_2g_: "1" }],
    ["job/batch/U__job/other", { job: "batch" }],
  ];
  test.each(ok)("accepts %p", (path, want) => expect(parseGroupingKey(path, "utf8")).toEqual(want));

  const bad: [string, string][] = [
    ["job/batch/__x/1", 'improper label name "__x"'],
    ["job/batch/U___5f__5f_x/1", 'improper label name "U___5f__5f_x"'],
    ["job/batch/U__/1", 'improper label name "U__"'],
    ["job/batch/U__a_2e_b@base64/!", 'invalid base64 encoding for label U__a_2e_b="!": illegal base64 data at input byte 0'],
  ];
  test.each(bad)("rejects %p", (path, message) => expect(() => parseGroupingKey(path, "utf8")).toThrow(new GroupingKeyError(message)));

  test("without the flag a U__ name is an ordinary legacy name and a dotted one is improper", () => {
    expect(parseGroupingKey("job/batch/U__svc_2e_name/api")).toEqual({ job: "batch", U__svc_2e_name: "api" });
    expect(() => parseGroupingKey("job/batch/svc.name/api")).toThrow(new GroupingKeyError('improper label name "svc.name"'));
  });
});

describe("decodeUrlPath", () => {
  const rows: [string, string][] = [
    ["/metrics/job/a%20b", "/metrics/job/a b"],
    ["/metrics/job/a%2Fb", "/metrics/job/a/b"],
    ["/metrics/job/a+b", "/metrics/job/a+b"],
    ["/metrics/job/%C3%BC", "/metrics/job/ü"],
    ["/plain", "/plain"],
  ];
  for (const [raw, want] of rows) {
    test(raw, () => expect(decodeUrlPath(raw)).toBe(want));
  }
  test("bad escapes and bad UTF-8 are errors", () => {
    expect(() => decodeUrlPath("/a%zz")).toThrow('invalid URL escape "%zz"');
    expect(() => decodeUrlPath("/a%ff")).toThrow("not valid UTF-8");
  });
});

describe("decodeBase64Url", () => {
  test("rejects invalid UTF-8 after decoding", () => {
    expect(() => decodeBase64Url("_w")).toThrow("not valid UTF-8");
  });
});

describe("groupId", () => {
  test("ignores insertion order and cannot be confused by separators", () => {
    expect(groupId({ job: "a", x: "1" })).toBe(groupId({ x: "1", job: "a" }));
    expect(groupId({ a: "b,c" })).not.toBe(groupId({ a: "b", c: "" }));
    expect(groupId({ job: "a", instance: "" })).not.toBe(groupId({ job: "a" }));
  });
});
