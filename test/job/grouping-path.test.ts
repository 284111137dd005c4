import { describe, expect, test } from "bun:test";
import { groupingKeyFromFlags, groupingPath, keyLabels, parseLabelFlags } from "../../src/job/grouping-path.ts";

describe("groupingPath", () => {
  test("plain values are path segments", () => {
    expect(groupingPath({ job: "backup", labels: { instance: "db1" } })).toBe("/metrics/job/backup/instance/db1");
  });
  test("a value with a slash or an empty value goes @base64, as client_golang sends it", () => {
    expect(groupingPath({ job: "a/b", labels: { path: "/var/lib", empty: "" } })).toBe(
      "/metrics/job@base64/YS9i/path@base64/L3Zhci9saWI/empty@base64/=",
    );
  });
  test("other characters are percent-escaped", () => {
    expect(groupingPath({ job: "nightly backup", labels: { q: "a?b#c%" } })).toBe("/metrics/job/nightly%20backup/q/a%3Fb%23c%25");
  });
});

describe("groupingKeyFromFlags", () => {
  test("instance first, then --label pairs; an empty instance is left out", () => {
    expect(groupingKeyFromFlags("j", "h", ["env=prod"])).toEqual({ job: "j", labels: { instance: "h", env: "prod" } });
    expect(groupingKeyFromFlags("j", "", [])).toEqual({ job: "j", labels: {} });
    expect(keyLabels(groupingKeyFromFlags("j", "h", []))).toEqual({ job: "j", instance: "h" });
  });
  test("usage mistakes are refused with the flag named", () => {
    expect(() => groupingKeyFromFlags("", "h", [])).toThrow("--job is required");
    expect(() => parseLabelFlags(["novalue"])).toThrow('--label "novalue": want name=value');
    expect(() => parseLabelFlags(["1x=a"])).toThrow("not a valid label name");
    expect(() => parseLabelFlags(["__x=a"])).toThrow("not a valid label name");
    expect(() => parseLabelFlags(["job=a"])).toThrow("the job is set with --job");
    expect(() => parseLabelFlags(["a=1", "a=2"])).toThrow("--label a is given twice");
    expect(() => groupingKeyFromFlags("j", "h", ["instance=x"])).toThrow("conflicts with --instance");
  });
  test("a value may contain '='", () => {
    expect(parseLabelFlags(["q=a=b"])).toEqual({ q: "a=b" });
  });
});
