import { describe, expect, test } from "bun:test";
import { SeriesIndex } from "../../../src/gateway/store/series-index.ts";
import { identityHash } from "../../../src/gateway/store/series-identity.ts";
import { family, forceHash } from "../../support/stored-families.ts";

describe("identityHash", () => {
  const cases: [string, [string, string[], string[]], [string, string[], string[]]][] = [
    ["name", ["a", ["x"], ["1"]], ["b", ["x"], ["1"]]],
    ["value", ["a", ["x"], ["1"]], ["a", ["x"], ["2"]]],
    ["label name", ["a", ["x"], ["1"]], ["a", ["y"], ["1"]]],
    ["where one string ends", ["a", ["x", "y"], ["ab", "c"]], ["a", ["x", "y"], ["a", "bc"]]],
    ["name vs label", ["ax", [], []], ["a", ["x"], [""]]],
  ];
  for (const [what, [n1, k1, v1], [n2, k2, v2]] of cases) {
    test(`differs by ${what}`, () => {
      expect(identityHash(n1, k1, v1, 0)).not.toBe(identityHash(n2, k2, v2, 0));
    });
  }
  test("is a non-negative integer below 2^53, reading values from start", () => {
    const h = identityHash("m", ["a", "b"], ["skip", "1", "2"], 1);
    expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
    expect(h).toBe(identityHash("m", ["a", "b"], ["1", "2"], 0));
  });
});

describe("SeriesIndex", () => {
  test("finds a series held by another group, not one held by the asking group", () => {
    const index = new SeriesIndex();
    const f = family("g1", "m", [{ x: "1" }]);
    index.add(f);
    const h = f.hashAt(0);
    expect(index.heldElsewhere("g2", "m", h, ["x"], ["1"], 0)).toBe(true);
    expect(index.heldElsewhere("g1", "m", h, ["x"], ["1"], 0)).toBe(false);
    index.remove(f);
    expect(index.heldElsewhere("g2", "m", h, ["x"], ["1"], 0)).toBe(false);
    expect(index.size).toBe(0);
  });

  test("a hash collision between different series is told apart by their labels", () => {
    const index = new SeriesIndex();
    const a = family("g1", "m", [{ x: "1" }]);
    const b = family("g2", "m", [{ x: "2" }]);
    const c = family("g3", "other", [{ x: "1" }]);
    for (const f of [a, b, c]) forceHash(f, 42);
    for (const f of [a, b, c]) index.add(f);
    expect(index.size).toBe(1);
    // Same hash, other labels or name: not the same series.
    expect(index.heldElsewhere("g9", "m", 42, ["x"], ["3"], 0)).toBe(false);
    expect(index.heldElsewhere("g9", "m", 42, ["x"], ["2"], 0)).toBe(true);
    expect(index.heldElsewhere("g9", "other", 42, ["x"], ["1"], 0)).toBe(true);
    expect(index.heldElsewhere("g2", "m", 42, ["x"], ["2"], 0)).toBe(false);
    // Removing one family of a shared slot keeps the others.
    index.remove(b);
    expect(index.heldElsewhere("g9", "m", 42, ["x"], ["2"], 0)).toBe(false);
    expect(index.heldElsewhere("g9", "m", 42, ["x"], ["1"], 0)).toBe(true);
    index.remove(a);
    index.remove(c);
    expect(index.size).toBe(0);
  });

  test("a family holding two series with one hash is indexed once and removed cleanly", () => {
    const index = new SeriesIndex();
    const f = family("g1", "m", [{ x: "1" }, { x: "2" }]);
    forceHash(f, 7);
    index.add(f);
    index.add(f);
    expect(index.heldElsewhere("g2", "m", 7, ["x"], ["2"], 0)).toBe(true);
    index.remove(f);
    expect(index.size).toBe(0);
  });
});
