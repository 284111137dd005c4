// Flags every long-running command shares.

import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel, type Logger, createLogger } from "../log/logger.ts";
import type { FlagSpec, FlagValues } from "./flag-table.ts";

export const LOG_FLAGS: FlagSpec[] = [
  {
    name: "log.level",
    kind: "string",
    default: "info",
    choices: LOG_LEVELS,
    help: "Only log messages with the given severity or above. One of: [debug, info, warn, error]",
  },
  {
    name: "log.format",
    kind: "string",
    default: "logfmt",
    choices: LOG_FORMATS,
    help: "Output format of log messages. One of: [logfmt, json]",
  },
];

/** The logger --log.level and --log.format ask for; `write` replaces stderr (tests). */
export function loggerFromFlags(flags: FlagValues, write?: (line: string) => void): Logger {
  return createLogger({ level: flags.string("log.level") as LogLevel, format: flags.string("log.format") as LogFormat, write });
}
