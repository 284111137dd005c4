// Structured logging on stderr through consola, in the two formats the
// reference programs offer: logfmt (default) and json.

import { writeSync } from "node:fs";
// consola/core, not consola: the full build pulls in terminal detection and
// fancy reporters that cost ~12 MB of resident memory in the compiled binary,
// and mon brings its own reporter anyway.
import { type ConsolaInstance, type LogObject, createConsola } from "consola/core";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "logfmt" | "json";
export type LogFields = Record<string, unknown>;

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];
export const LOG_FORMATS: readonly LogFormat[] = ["logfmt", "json"];

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose every line also carries these fields. */
  with(fields: LogFields): Logger;
}

// consola's numeric levels: error 0, warn 1, info 3, debug 4.
const CONSOLA_LEVEL: Record<LogLevel, number> = { error: 0, warn: 1, info: 3, debug: 4 };

function logfmtValue(v: unknown): string {
  const s = v instanceof Error ? v.message : typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
  return s === "" || /[\s"=\\]/.test(s) ? JSON.stringify(s) : s;
}

export function formatLine(format: LogFormat, level: string, msg: string, fields: LogFields, now: Date): string {
  const record: LogFields = { ts: now.toISOString(), level, msg, ...fields };
  if (format === "json") {
    return JSON.stringify(record, (_k, v) => (v instanceof Error ? v.message : v));
  }
  return Object.entries(record)
    .map(([k, v]) => `${k}=${logfmtValue(v)}`)
    .join(" ");
}

const LEVEL_NAMES: Record<number, string> = { 0: "error", 1: "warn", 2: "info", 3: "info", 4: "debug", 5: "debug" };

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; stderr by default. Tests pass a collector. */
  write?: (line: string) => void;
}

export function createLogger(opts: LoggerOptions): Logger {
  // Synchronous, so that a line logged right before process.exit is not lost.
  const write = opts.write ?? ((line: string) => writeSync(2, `${line}\n`));
  const consola: ConsolaInstance = createConsola({
    level: CONSOLA_LEVEL[opts.level],
    reporters: [
      {
        log(obj: LogObject) {
          const [msg, fields] = obj.args as [string, LogFields | undefined];
          write(formatLine(opts.format, LEVEL_NAMES[obj.level] ?? "info", String(msg), fields ?? {}, obj.date));
        },
      },
    ],
  });
  const make = (base: LogFields): Logger => ({
    debug: (msg, f) => consola.debug(msg, { ...base, ...f }),
    info: (msg, f) => consola.info(msg, { ...base, ...f }),
    warn: (msg, f) => consola.warn(msg, { ...base, ...f }),
    error: (msg, f) => consola.error(msg, { ...base, ...f }),
    with: (f) => make({ ...base, ...f }),
  });
  return make({});
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  with() {
    return silentLogger;
  },
};
