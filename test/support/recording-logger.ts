// A Logger that keeps its lines, for tests that check what was logged.

import type { Logger } from "../../src/telemetry/logger.ts";

export interface LoggedLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

export function recordingLogger(): Logger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const l = {
    lines,
    debug: (msg: string, fields?: Record<string, unknown>) => void lines.push({ level: "debug", msg, fields }),
    info: (msg: string, fields?: Record<string, unknown>) => void lines.push({ level: "info", msg, fields }),
    warn: (msg: string, fields?: Record<string, unknown>) => void lines.push({ level: "warn", msg, fields }),
    error: (msg: string, fields?: Record<string, unknown>) => void lines.push({ level: "error", msg, fields }),
    with: () => l,
  };
  return l;
}
