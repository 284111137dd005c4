import { describe, expect, test } from "bun:test";
import { createLogger, formatLine } from "../../src/telemetry/logger.ts";

const at = new Date("2026-01-02T03:04:05.678Z");

describe("formatLine", () => {
  const rows: [string, "logfmt" | "json", string, Record<string, unknown>, string][] = [
    ["logfmt plain", "logfmt", "started", { address: ":9100" }, "ts=2026-01-02T03:04:05.678Z level=info msg=started address=:9100"],
    ["logfmt quotes spaces", "logfmt", "Listening on", { a: "x y" }, 'ts=2026-01-02T03:04:05.678Z level=info msg="Listening on" a="x y"'],
    ["logfmt error value", "logfmt", "failed", { err: new Error("boom") }, "ts=2026-01-02T03:04:05.678Z level=info msg=failed err=boom"],
    ["json", "json", "started", { n: 1 }, '{"ts":"2026-01-02T03:04:05.678Z","level":"info","msg":"started","n":1}'],
  ];
  test.each(rows)("%s", (_name, format, msg, fields, want) => {
    expect(formatLine(format, "info", msg, fields, at)).toBe(want);
  });
});

describe("createLogger", () => {
  test("honours the level and carries fields from with()", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "warn", format: "logfmt", write: (l) => lines.push(l) });
    log.info("hidden");
    log.debug("hidden");
    log.with({ collector: "cpu" }).warn("shown", { k: 1 });
    log.error("also shown");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("level=warn msg=shown collector=cpu k=1");
    expect(lines[1]).toContain("level=error msg=\"also shown\"");
  });
});
