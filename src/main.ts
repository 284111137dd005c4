#!/usr/bin/env bun
// The command tree: `mon <command> [<flags>]`. Every command is a Mode run by
// the one start-up path, src/flags/run-mode.ts. `mon help [<command>]`,
// `mon version` and `mon --help`/`--version` answer without starting anything.

import pkg from "../package.json" with { type: "json" };
import { formatTwoColumns, helpWidth, wrapText } from "./flags/help.ts";
import { type Mode, modeHelp, runMode } from "./flags/run-mode.ts";
import { versionText } from "./version.ts";

/** A command as `mon help` lists it; its Mode is loaded only when it runs. */
export interface Command {
  name: string;
  /** One line for `mon help`. */
  summary: string;
  load(): Promise<Mode>;
  /**
   * Runtime settings the command runs with unless the environment sets them:
   * JavaScriptCore's options (BUN_JSC_*) and mimalloc's (MIMALLOC_*), both
   * read once as the process starts; see restartWithRuntimeEnvironment.
   */
  runtimeEnvironment?: Record<string, string>;
}

// Each mode is imported when its command runs, not at start: the bundle
// evaluates a module's top level only when it is first imported, and the
// gateway's (ioredis, hono, the store) cost `mon exporter` ~18 ms before its
// first answer and ~2.7 MiB of private memory that it never uses
// (bench/exporter.ts, --collector.disable-defaults: 43 -> 25 ms, Pss_Anon
// 9.4 -> 6.7 MiB).
export const COMMANDS: readonly Command[] = [
  {
    name: "exporter",
    summary: "Expose host metrics, as node_exporter 1.12.1 does (default port 9100).",
    load: async () => (await import("./exporter/start.ts")).EXPORTER_MODE,
    // A scrape runs a few times a minute, so JavaScriptCore's machinery for
    // long busy runs costs private memory and buys nothing that matters:
    // - useDFGJIT=0, no optimising DFG tier: its compiled code and compile
    //   time (bench/exporter.ts --variants, 200 and 1000 scrapes: -3 to
    //   -4.5 MiB after a burst of scrapes, -1 MiB idle, CPU the same or lower);
    // - useWarmUpMarkedBlocks=0, no helper thread keeping 32 heap blocks
    //   resident ahead of allocation (it holds them until 10 s without a
    //   request, i.e. for good under a 5 s scrape interval): -0.7 to -1 MiB
    //   Pss_Anon at every stage, CPU per scrape unchanged;
    // - useConcurrentJIT=0, the few baseline compilations run on the main
    //   thread instead of a compiler thread of their own: -0.3 to -0.5 MiB,
    //   CPU unchanged (one thread fewer).
    // Measured side by side on 2 cores, 200 scrapes then 3 scrapes 5 s apart:
    // Pss_Anon after the burst 11.5 -> 10.2-10.5 MiB, paced 9.1 -> 8.0-8.3
    // MiB. numberOfGCMarkers=1 was measured too and left out: no memory
    // saved, +1.2 ms CPU per scrape.
    // And MIMALLOC_PURGE_DELAY=0: Bun's allocator (mimalloc 3.5) hands freed
    // pages back to the kernel at once instead of 100 ms later. Each scrape
    // frees ~2 MB (file texts, metric objects, the body), so with the delay
    // the pages of the last scrape or two are still resident whenever the
    // scrapes come faster than that: Pss_Anon right after 200 back-to-back
    // scrapes 9.6-9.9 -> 8.5-8.9 MiB, idle the same (~8.0 MiB), CPU per
    // scrape the same (6.4 vs 6.3 ms in alternated blocks of 100 scrapes).
    runtimeEnvironment: {
      BUN_JSC_useDFGJIT: "0",
      BUN_JSC_useWarmUpMarkedBlocks: "0",
      BUN_JSC_useConcurrentJIT: "0",
      MIMALLOC_PURGE_DELAY: "0",
    },
  },
  {
    name: "gateway",
    summary: "Accept pushed metrics, as Pushgateway 1.11.3 does (default port 9091).",
    load: async () => (await import("./gateway/start.ts")).GATEWAY_MODE,
  },
  {
    name: "run",
    summary: "Run a command (a cron job) and push its outcome to Pushgateways and/or a textfile folder.",
    load: async () => (await import("./job/run-command.ts")).RUN_MODE,
  },
  {
    name: "push",
    summary: "Push metrics to Pushgateways and/or a textfile folder, checked before anything is sent.",
    load: async () => (await import("./job/push-command.ts")).PUSH_MODE,
  },
];

function topLevelHelp(): string {
  const width = helpWidth();
  const rows: [string, string][] = [
    ...COMMANDS.map((c): [string, string] => [c.name, c.summary]),
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

/**
 * JavaScriptCore and mimalloc read their options from the environment once,
 * as the process starts, and freeze them. So the compiled binary, when one of
 * the command's settings is missing from its environment, replaces itself
 * (execve: same PID, ~3 ms) with a run of itself that has them; a value the
 * environment already has (an operator's, in /etc/sysconfig) wins. Returns
 * only when nothing was replaced. Runs from source (npm start) keep Bun's
 * defaults.
 */
function restartWithRuntimeEnvironment(command: Command, argv: readonly string[]): void {
  const missing = Object.entries(command.runtimeEnvironment ?? {}).filter(([k]) => process.env[k] === undefined);
  if (missing.length === 0 || !Bun.main.startsWith("/$bunfs/")) return;
  try {
    process.execve?.(process.execPath, [process.execPath, ...argv], { ...process.env, ...Object.fromEntries(missing) });
  } catch {
    // Not replaced: the command runs with Bun's defaults, only costlier.
  }
}

/** Resolves to the exit code; a missing or unknown command is refused in kingpin's words. */
async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const chosen = COMMANDS.find((c) => c.name === command);
  if (chosen) {
    restartWithRuntimeEnvironment(chosen, argv);
    return runMode(await chosen.load(), rest);
  }
  if (command === "--version" || command === "version") {
    process.stdout.write(`${versionText("mon")}\n`);
    return 0;
  }
  if (command === "help" || command === "--help" || command === "-h") {
    if (rest.length === 0) {
      process.stdout.write(topLevelHelp());
      return 0;
    }
    const wanted = COMMANDS.find((c) => c.name === rest[0]);
    if (wanted && rest.length === 1) {
      process.stdout.write(modeHelp(await wanted.load()));
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

if (import.meta.main) process.exit(await main(process.argv.slice(2)));
