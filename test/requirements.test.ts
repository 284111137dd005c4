import { describe, expect, test } from "bun:test";
import { STRICT_TESTS, commandMissing, programMissing, skipWhenMissing, skipWithoutHardware } from "./support/requirements.ts";

describe("test requirements", () => {
  test("a present program is not missing", () => {
    expect(programMissing(process.execPath, "n/a")).toBeUndefined();
  });
  test("an absent program names its path and the install hint", () => {
    expect(programMissing("/nonexistent/prog", "apt-get install prog")).toBe("/nonexistent/prog not installed (apt-get install prog)");
  });
  test("a missing requirement skips, or fails under MON_STRICT_TESTS=1", () => {
    if (STRICT_TESTS) expect(() => skipWhenMissing("(requirements self-test)", "x absent")).toThrow("(requirements self-test): required under MON_STRICT_TESTS=1 but x absent");
    else expect(skipWhenMissing("(requirements self-test)", "x absent")).toBe(true);
    expect(skipWhenMissing("suite", undefined)).toBe(false);
  });
  test("a command is looked up on PATH", () => {
    expect(commandMissing("sh", "n/a")).toBeUndefined();
    expect(commandMissing("no-such-command-mon", "apt-get install x")).toBe("no-such-command-mon not found on PATH (apt-get install x)");
  });
  test("missing hardware skips even under MON_STRICT_TESTS=1", () => {
    expect(skipWithoutHardware("(requirements self-test)", "no wifi device")).toBe(true);
    expect(skipWithoutHardware("suite", undefined)).toBe(false);
  });
});
