// The one start-up path of every mon command. A command (exporter, gateway,
// run, push) describes itself as a Mode; runMode() does the rest the same way
// for all of them, as kingpin does for node_exporter and Pushgateway:
//
//   1. parse argv against mode.flags (kingpin syntax, src/flags/flag-table.ts);
//      --help prints the mode's help and --version the build, both exit 0;
//   2. refuse what kingpin refuses: an unknown flag, a bad value, an argument
//      the mode does not take ("unexpected stray-arg"), a missing required
//      argument, and whatever mode.check() throws as a FlagError. Each prints
//      "mon <mode>: error: <why>, try --help" on stderr and exits 1, as
//      kingpin's Fatalf does (mode.usageExitCode when set: mon run and mon
//      push use 2, since 1 already means "the push failed");
//   3. set up logging from --log.level/--log.format when the mode's flags
//      include LOG_FLAGS' specs, else logfmt at info;
//   4. call mode.start(ctx). Its result decides the rest:
//      - a number: a job (mon run, mon push) is done; exit with that code.
//        Nothing listens and no signal handler is installed: a job that wants
//        to forward signals to a child installs its own;
//      - a Service: a server is listening. runMode waits for SIGTERM/SIGINT or
//        for service.stopRequested, calls service.shutdown(reason) once, and
//        exits 0 (1 when shutdown reports that something was lost);
//      - a throw: "could not start mon <mode>" is logged with the error, exit 1.
//
// A new command: declare its flags as a typed table, describe it as a Mode,
// and list it in src/main.ts's COMMANDS. Jobs: src/job/run-command.ts (RUN_MODE)
// and push-command.ts; servers: src/exporter/start.ts, src/gateway/start.ts.
//
//   const CLEAN_FLAGS = defineFlags({          // src/flags/flag-table.ts
//     dir: { name: "dir", kind: "string", default: "", help: "..." },
//     olderThan: { name: "older-than", kind: "duration", default: "1d", help: "..." },
//     ...LOG_FLAGS,                            // src/flags/common-flags.ts
//   });
//   export const CLEAN_MODE: Mode = {
//     name: "clean",
//     description: "...",
//     flags: Object.values(CLEAN_FLAGS),
//     args: { usage: "[FILE...]" },            // without args, any argument is refused
//     examples: ["mon clean --dir=/var/lib/mon/textfile --older-than=7d"],
//     start: async ({ flags, args, logger }) => {
//       const { dir, olderThan } = flags.read(CLEAN_FLAGS);  // typed: string, number (seconds)
//       return 0;                              // a job's exit code, or a Service
//     },
//   };
//
// In-process tests call runMode() with an `io` that captures output, or the
// mode's own launcher (launchGateway, launchExporter) without any of this.

import { LOG_FLAGS, loggerFromFlags } from "./common-flags.ts";
import { FlagError, type FlagSpec, type FlagValues, parseFlags } from "./flag-table.ts";
import { helpWidth, renderHelp } from "./help.ts";
import { createLogger, type Logger } from "../telemetry/logger.ts";
import { versionText } from "../version.ts";

/** Positional arguments a mode takes; a mode without them refuses any. */
export interface ModeArgs {
  /** As the usage line shows them, e.g. "-- <command> [<arg>...]". */
  usage: string;
  /** Refuse a command line without any (kingpin: "required argument ... not provided"). */
  required?: boolean;
}

export interface ModeContext {
  flags: FlagValues;
  /** Positional arguments (everything after "--" among them); empty unless mode.args. */
  args: string[];
  logger: Logger;
}

/** A started server: runMode stops it on SIGTERM/SIGINT or when it asks to stop. */
export interface Service {
  /** Resolves with a reason ("quit") when the service asks to stop by itself. */
  stopRequested?: Promise<string>;
  /** Stops the service; the reason is the signal name or stopRequested's. False means exit 1. */
  shutdown(reason: string): Promise<boolean>;
}

export interface Mode {
  /** The command word: `mon <name>`. */
  name: string;
  /** The paragraph under the usage line of `mon <name> --help`. */
  description: string;
  /** The whole flag table, in --help order. Add LOG_FLAGS for --log.level/--log.format. */
  flags: readonly FlagSpec[];
  args?: ModeArgs;
  /** Command lines shown under "Examples:" in --help. */
  examples?: readonly string[];
  /** Exit code of a refused command line; 1 (kingpin's) when unset. */
  usageExitCode?: number;
  /** Checks across flags after parsing; throw FlagError to refuse the command line. */
  check?(flags: FlagValues, args: readonly string[]): void;
  /** Does the work: a job resolves to its exit code, a server to a listening Service. */
  start(ctx: ModeContext): Promise<number | Service>;
}

/** Where runMode writes and how it waits; tests replace them. */
export interface ModeIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves with the name of the first SIGTERM/SIGINT. */
  untilSignal(): Promise<string>;
  /** Where log lines go; stderr when unset. */
  logLine?(line: string): void;
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once("SIGTERM", on("SIGTERM"));
    process.once("SIGINT", on("SIGINT"));
  });
}

const processIo: ModeIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  untilSignal,
};

export function modeUsage(mode: Mode): string {
  return `mon ${mode.name} [<flags>]${mode.args ? ` ${mode.args.usage}` : ""}`;
}

/** `mon <mode> --help`, wrapped to `width` (see help.ts). */
export function modeHelp(mode: Mode, width = helpWidth()): string {
  return renderHelp({ usage: modeUsage(mode), description: mode.description, flags: mode.flags, examples: mode.examples }, width);
}

type Parsed = { kind: "help" } | { kind: "version" } | { kind: "start"; flags: FlagValues; args: string[] };

/** Steps 1 and 2 of the header: throws FlagError with kingpin's wording. */
export function parseModeArgs(mode: Mode, argv: readonly string[]): Parsed {
  const parsed = parseFlags(mode.flags, argv);
  if (parsed.help) return { kind: "help" };
  if (parsed.version) return { kind: "version" };
  if (!mode.args && parsed.positionals.length > 0) throw new FlagError(`unexpected ${parsed.positionals[0]}`);
  if (mode.args?.required && parsed.positionals.length === 0) {
    throw new FlagError(`required argument '${mode.args.usage}' not provided`);
  }
  mode.check?.(parsed.flags, parsed.positionals);
  return { kind: "start", flags: parsed.flags, args: parsed.positionals };
}

function loggerFor(mode: Mode, flags: FlagValues, write: ModeIo["logLine"]): Logger {
  const hasLogFlags = Object.values(LOG_FLAGS).every((f) => mode.flags.includes(f));
  return hasLogFlags ? loggerFromFlags(flags, write) : createLogger({ level: "info", format: "logfmt", write });
}

/** Runs a mode to its end and resolves to the process's exit code; see the header. */
export async function runMode(mode: Mode, argv: readonly string[], io: ModeIo = processIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseModeArgs(mode, argv);
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    io.stderr(`mon ${mode.name}: error: ${err.message}, try --help\n`);
    return mode.usageExitCode ?? 1;
  }
  if (parsed.kind === "help") {
    io.stdout(modeHelp(mode));
    return 0;
  }
  if (parsed.kind === "version") {
    io.stdout(`${versionText("mon")}\n`);
    return 0;
  }
  const logger = loggerFor(mode, parsed.flags, io.logLine);
  let outcome: number | Service;
  try {
    outcome = await mode.start({ flags: parsed.flags, args: parsed.args, logger });
  } catch (err) {
    logger.error(`could not start mon ${mode.name}`, { err });
    return 1;
  }
  if (typeof outcome === "number") return outcome;
  const service = outcome;
  const reason = await Promise.race([io.untilSignal(), ...(service.stopRequested ? [service.stopRequested] : [])]);
  return (await service.shutdown(reason)) ? 0 : 1;
}
