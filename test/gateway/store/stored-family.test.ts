import { describe, expect, test } from "bun:test";
import { SchemaPool, StoredFamilyBuilder } from "../../../src/gateway/store/stored-family.ts";
import { family, forceHash } from "../../support/stored-families.ts";

describe("StoredFamily", () => {
  test("series with different label names keep their own names and values", () => {
    const f = family("g", "m", [{ a: "1" }, { a: "2", b: "3" }, {}, { a: "4" }]);
    expect(f.schema).toBeUndefined();
    expect(f.toFamily().metrics).toEqual([
      { labels: { a: "1" }, value: 0 },
      { labels: { a: "2", b: "3" }, value: 1 },
      { labels: {}, value: 2 },
      { labels: { a: "4" }, value: 3 },
    ]);
  });

  test("series with the same label names share one schema, also across families of a pool", () => {
    const pool = new SchemaPool();
    const build = (group: string) => {
      const b = new StoredFamilyBuilder(group, "m", "counter", "h", 2, pool);
      b.add(["x"], { x: "1" }, 1);
      b.add(["x"], { x: "2" }, 2);
      return b.family;
    };
    const f1 = build("g1");
    const f2 = build("g2");
    expect(f1.schema).toEqual(["x"]);
    expect(f2.schema).toBe(f1.schema as readonly string[]);
    expect(f1.sameSeries(f2)).toBe(true);
  });

  test("sameSeries compares labels, not only hashes", () => {
    const a = family("g", "m", [{ x: "1" }]);
    const b = family("g", "m", [{ x: "2" }]);
    forceHash(a, 5);
    forceHash(b, 5);
    expect(a.sameSeries(b)).toBe(false);
  });
});
