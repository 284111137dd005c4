#!/usr/bin/env bun
// The command tree: `mon <command> [<flags>]`. Every command is a Mode run by
// the one start-up path, src/flags/run-mode.ts. `mon help [<command>]`,
// `mon version` and `mon --help`/`--version` answer without starting anything.

import { EXPORTER_MODE } from "./exporter/start.ts";
import pkg from "../package.json" with { type: "json" };
import { formatTwoColumns, helpWidth, wrapText } from "./flags/help.ts";
import { type Mode, modeHelp, runMode } from "./flags/run-mode.ts";
import { GATEWAY_MODE } from "./gateway/start.ts";
import { PUSH_MODE } from "./job/push-command.ts";
import { RUN_MODE } from "./job/run-command.ts";
import { versionText } from "./version.ts";

const MODES: readonly Mode[] = [EXPORTER_MODE, GATEWAY_MODE, RUN_MODE, PUSH_MODE];

function topLevelHelp(): string {
  const width = helpWidth();
  const rows: [string, string][] = [
    ...MODES.map((m): [string, string] => [m.name, m.summary]),
    ["help [<command>]", "Show this help, or a command's flags."],
    ["version", "Show the version of mon."],
  ];
  return [
    "usage: mon <command> [<flags>] [<args> ...]",
    "",
    ...wrapText(pkg.description, width),
    "",
    "Commands:",
    `${formatTwoColumns(rows, width)}`,
    'Run "mon help <command>" or "mon <command> --help" for the flags of a command.',
    "",
  ].join("\n");
}

/** Resolves to the exit code; a missing or unknown command is refused in kingpin's words. */
async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const mode = MODES.find((m) => m.name === command);
  if (mode) return runMode(mode, rest);
  if (command === "--version" || command === "version") {
    process.stdout.write(`${versionText("mon")}\n`);
    return 0;
  }
  if (command === "help" || command === "--help" || command === "-h") {
    if (rest.length === 0) {
      process.stdout.write(topLevelHelp());
      return 0;
    }
    const wanted = MODES.find((m) => m.name === rest[0]);
    if (wanted && rest.length === 1) {
      process.stdout.write(modeHelp(wanted));
      return 0;
    }
    process.stderr.write(`mon: error: expected command but got "${rest.join(" ")}", try --help\n`);
    return 1;
  }
  if (command === undefined) {
    process.stderr.write(`${topLevelHelp()}\nmon: error: command not specified, try --help\n`);
    return 1;
  }
  process.stderr.write(`mon: error: expected command but got "${command}", try --help\n`);
  return 1;
}

process.exit(await main(process.argv.slice(2)));
