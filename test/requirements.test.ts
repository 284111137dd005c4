import { describe, expect, test } from "bun:test";
import { programMissing, skipWhenMissing, STRICT_TESTS } from "./support/requirements.ts";

describe("test requirements", () => {
  test("a present program is not missing", () => {
    expect(programMissing(process.execPath, "n/a")).toBeUndefined();
  });
  test("an absent program names its path and the install hint", () => {
    expect(programMissing("/nonexistent/prog", "apt-get install prog")).toBe("/nonexistent/prog not installed (apt-get install prog)");
  });
  test("a missing requirement skips, or fails under MON_STRICT_TESTS=1", () => {
    if (STRICT_TESTS) expect(() => skipWhenMissing("suite", "x absent")).toThrow("required under MON_STRICT_TESTS=1 but x absent");
    else expect(skipWhenMissing("suite", "x absent")).toBe(true);
    expect(skipWhenMissing("suite", undefined)).toBe(false);
  });
});
