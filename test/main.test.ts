import { describe, expect, test } from "bun:test";
import { COMMANDS } from "../src/main.ts";

describe("the command list", () => {
  test("each command loads the mode of its own name", async () => {
    for (const c of COMMANDS) expect((await c.load()).name).toBe(c.name);
  });
});
