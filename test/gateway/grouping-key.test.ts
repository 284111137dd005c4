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
