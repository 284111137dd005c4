import { describe, expect, test } from "bun:test";
import { EXPORTER_MODE } from "../../src/exporter/start.ts";
import type { FlagSpec } from "../../src/flags/flag-table.ts";
import { helpWidth, renderHelp, wrapCommandLine, wrapText } from "../../src/flags/help.ts";
import { PUSH_MODE } from "../../src/job/push-command.ts";
import { RUN_MODE } from "../../src/job/run-command.ts";
import { modeHelp } from "../../src/flags/run-mode.ts";
import { GATEWAY_MODE } from "../../src/gateway/start.ts";

describe("helpWidth, as kingpin guesses it", () => {
  const rows: [string, Record<string, string>, { isTTY?: boolean; columns?: number }, number][] = [
    ["a pipe", {}, { isTTY: false }, 80],
    ["a terminal", {}, { isTTY: true, columns: 132 }, 132],
    ["$COLUMNS first", { COLUMNS: "100" }, { isTTY: true, columns: 132 }, 100],
    ["a bad $COLUMNS is ignored", { COLUMNS: "wide" }, { isTTY: false }, 80],
  ];
  test.each(rows)("%s", (_name, env, out, want) => expect(helpWidth(env, out)).toBe(want));
});

describe("wrapText", () => {
  const rows: [string, number, string[]][] = [
    ["one two three", 7, ["one two", "three"]],
    ["  spaces   collapse ", 80, ["spaces collapse"]],
    ["", 10, [""]],
    ["a https://example.com/long b", 10, ["a", "https://ex", "ample.com/", "long b"]],
  ];
  test.each(rows)("%p at %d", (text, width, want) => expect(wrapText(text, width)).toEqual(want));
});

/** The rows of the Flags: section, each with its continuation lines joined. */
function flagBlocks(help: string): string[] {
  const section = help.slice(help.indexOf("Flags:\n") + 7).split("\n\n")[0];
  const blocks: string[] = [];
  for (const line of section.split("\n")) {
    if (/^ {2}(-h|    --)/.test(line)) blocks.push(line);
    else blocks[blocks.length - 1] += `\n${line}`;
  }
  return blocks;
}

describe("mon <mode> --help", () => {
  const pages: [string, string][] = [];
  for (const width of [80, 120, 60]) {
    pages.push([`exporter at ${width}`, modeHelp(EXPORTER_MODE, width)], [`gateway at ${width}`, modeHelp(GATEWAY_MODE, width)]);
  }

  test.each([80, 60])("every mode's help, examples included, fits %d columns", (width) => {
    for (const mode of [EXPORTER_MODE, GATEWAY_MODE, RUN_MODE, PUSH_MODE]) {
      // A single word longer than the width (a URL) cannot be broken and stays whole.
      const wide = modeHelp(mode, width)
        .split("\n")
        .filter((l) => l.length > width && l.trim().includes(" "));
      expect({ mode: mode.name, wide }).toEqual({ mode: mode.name, wide: [] });
    }
  });

  test("an example too long for the width becomes shell continuation lines", () => {
    const lines = wrapCommandLine("mon run --job=cleanup --timeout=1h --lock=/run/lock/cleanup.lock -- cleanup.sh", 40);
    expect(lines).toEqual(["  mon run --job=cleanup --timeout=1h \\", "      --lock=/run/lock/cleanup.lock -- \\", "      cleanup.sh"]);
    expect(wrapCommandLine("mon exporter", 40)).toEqual(["  mon exporter"]);
  });

  test.each(pages)("%s: no line wider than the width, no colour codes", (name, help) => {
    const width = Number(name.split(" at ")[1]);
    // Examples are command lines to copy; they are kept short but never cut.
    const flags = help.split("\nExamples:\n")[0];
    const wide = flags.split("\n").filter((l) => l.length > width);
    expect(wide).toEqual([]);
    expect(help).not.toContain("\x1b");
  });

  test.each(pages)("%s: every flag once, each default once", (_name, help) => {
    const mode = help.startsWith("usage: mon exporter") ? EXPORTER_MODE : GATEWAY_MODE;
    const blocks = flagBlocks(help);
    const name = (block: string) => /--(?:\[no-\])?([^=\s]+)/.exec(block)?.[1];
    expect(blocks.map(name)).toEqual(["help", ...mode.flags.filter((f) => !f.hidden).map((f) => f.name), "version"]);
    for (const spec of mode.flags.filter((f) => !f.hidden)) {
      const block = blocks.find((b) => name(b) === spec.name) ?? "";
      // Without white space, a default cut over several lines reads whole again.
      const packed = block.replace(/\s+/g, "");
      const shown = spec.kind === "bool" ? (spec.default === "true" ? "enabled" : "disabled") : spec.default;
      if (!shown) {
        expect(packed).not.toContain("(default:");
        continue;
      }
      const times = packed.split(`=${shown}`).length - 1 + packed.split(`(default:${shown})`).length - 1;
      const said = spec.kind !== "bool" || shown === "enabled" || spec.help.includes("(default: ");
      expect({ block, times }).toEqual({ block, times: said ? 1 : 0 });
    }
  });

  test("a switch that is on says so once; the exporter's collectors already say it", () => {
    const blocks = flagBlocks(modeHelp(EXPORTER_MODE, 200));
    const cpu = blocks.find((b) => b.includes("--[no-]collector.cpu "));
    expect(cpu).toMatch(/^ {6}--\[no-\]collector\.cpu +Enable the cpu collector \(default: enabled\)\.$/);
    const table: FlagSpec[] = [{ name: "feature", kind: "bool", default: "true", help: "A feature." }];
    expect(renderHelp({ usage: "x", description: "X.", flags: table }, 80)).toContain("--[no-]feature  A feature. (default: enabled)\n");
  });

  test("a default too long for the line moves into the text, wrapped", () => {
    const long = "^(" + "abcdefghij|".repeat(20) + "z)$";
    const table: FlagSpec[] = [{ name: "collector.x.exclude", kind: "string", default: long, help: "Regexp to exclude." }];
    const help = renderHelp({ usage: "x", description: "X.", flags: table }, 80);
    expect(help).toContain("      --collector.x.exclude=<string>\n");
    const block = flagBlocks(help)[1];
    const lines = block.split("\n").slice(1).map((l) => l.trim());
    expect(lines[0]).toBe("Regexp to exclude. (default:");
    expect(lines.slice(1).join("")).toBe(`${long})`);
  });

  test("examples are the mode's own: no exporter port in the gateway's help, and back", () => {
    const gateway = modeHelp(GATEWAY_MODE, 80);
    const exporter = modeHelp(EXPORTER_MODE, 80);
    expect(gateway).toContain("--web.listen-address=:9091 ...");
    expect(gateway).toContain("Examples:\n  mon gateway ");
    expect(gateway).not.toContain("9100");
    expect(exporter).toContain("Examples:\n  mon exporter ");
    expect(exporter).not.toContain("9091");
  });
});
