import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { COMMANDS } from "../src/main.ts";

describe("the command list", () => {
  test("each command loads the mode of its own name", async () => {
    for (const c of COMMANDS) expect((await c.load()).name).toBe(c.name);
  });

  // The unit sets them so that a service start skips the binary's restart
  // with them (restartWithRuntimeEnvironment): an option added to one place only
  // would cost every start that restart, or run the service without it.
  test("the exporter's unit sets exactly the runtime environment of its command", () => {
    const unit = readFileSync(resolve(import.meta.dir, "../packaging/systemd/mon-exporter.service"), "utf8");
    const fromUnit = Object.fromEntries([...unit.matchAll(/^Environment=((?:BUN_JSC|MIMALLOC)_[A-Za-z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    const exporter = COMMANDS.find((c) => c.name === "exporter");
    expect(fromUnit).toEqual(exporter?.runtimeEnvironment ?? {});
  });
});
