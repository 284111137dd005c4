// --help as kingpin lays it out for node_exporter and Pushgateway: "usage:",
// the description, then one row per flag with its help text in a second
// column, both wrapped to the terminal's width. Like kingpin, the width comes
// from $COLUMNS, else the terminal stdout is, else 80 (a pipe, a file); a
// flag's default shows once, as its value placeholder (--push.ttl=0), or
// "(default: enabled)" for a switch that is on. No colours, ever: kingpin has
// none, and help is piped into less and grep more often than read raw.

import type { FlagSpec } from "./flag-table.ts";

export interface HelpPage {
  usage: string;
  description: string;
  flags: readonly FlagSpec[];
  /** Command lines shown under "Examples:". */
  examples?: readonly string[];
}

/** kingpin's guessWidth: $COLUMNS, else the terminal's columns, else 80. */
export function helpWidth(env: Record<string, string | undefined> = process.env, out: { isTTY?: boolean; columns?: number } = process.stdout): number {
  const columns = Number.parseInt(env.COLUMNS ?? "", 10);
  if (columns > 0) return columns;
  if (out.isTTY && out.columns && out.columns > 0) return out.columns;
  return 80;
}

/** Splits text into lines of at most width characters at spaces; a longer word (a URL, a regexp) is cut. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  const words = text.split(/\s+/).filter((w) => w !== "");
  for (const word of words.flatMap((w) => (w.length <= width ? [w] : (w.match(new RegExp(`.{1,${width}}`, "g")) ?? [])))) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "" || lines.length === 0) lines.push(line);
  return lines;
}

// kingpin's formatTwoColumns: indent 2, padding 2, a first column as wide as
// its longest entry under 30; a longer entry puts its text on the next line.
const INDENT = 2;
const PADDING = 2;
const MAX_LEFT = 30;
// Below this, the second column would be too narrow to read; wrap past the width instead.
const MIN_RIGHT = 20;

export function formatTwoColumns(rows: readonly (readonly [string, string])[], width: number): string {
  const left = Math.max(0, ...rows.map(([l]) => l.length).filter((n) => n < MAX_LEFT));
  const offset = " ".repeat(INDENT + left + PADDING);
  const textWidth = Math.max(MIN_RIGHT, width - INDENT - left - PADDING);
  const out: string[] = [];
  for (const [l, r] of rows) {
    const [first, ...rest] = wrapText(r, textWidth);
    if (l.length >= MAX_LEFT) out.push(`${" ".repeat(INDENT)}${l}`, `${offset}${first}`);
    else out.push(`${" ".repeat(INDENT)}${l.padEnd(left + PADDING)}${first}`.trimEnd());
    for (const line of rest) out.push(`${offset}${line}`);
  }
  return `${out.join("\n")}\n`;
}

function typePlaceholder(s: FlagSpec): string {
  if (s.choices) return s.choices.join("|");
  return `<${s.kind === "strings" ? "string" : s.kind}>`;
}

// Short flags take "-h, "; the others line up behind it, as in kingpin.
const LONG_FLAG_INDENT = "    ";

/**
 * One row. The default shows once: as the value when that fits the width,
 * else at the end of the text; a long placeholder gives way to the type.
 */
function flagRow(s: FlagSpec, width: number): [string, string] {
  if (s.kind === "bool") {
    const on = s.default === "true" && !s.help.includes("(default: ");
    return [`${LONG_FLAG_INDENT}--[no-]${s.name}`, on ? `${s.help} (default: enabled)` : s.help];
  }
  const left = (value: string) => `${LONG_FLAG_INDENT}--${s.name}=${value}${s.kind === "strings" ? " ..." : ""}`;
  const fits = (text: string) => INDENT + text.length <= width;
  const hasDefault = s.default !== undefined && s.default !== "";
  if (hasDefault && fits(left(s.default as string))) return [left(s.default as string), s.help];
  const help = hasDefault ? `${s.help} (default: ${s.default})` : s.help;
  if (s.placeholder !== undefined && fits(left(s.placeholder))) return [left(s.placeholder), help];
  return [left(typePlaceholder(s)), help];
}

/**
 * An example command line indented by two and broken at spaces into
 * shell continuation lines (" \\"), so that it still pastes into a shell
 * and no line is wider than the help. A word longer than the width stays whole.
 */
export function wrapCommandLine(command: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of command.split(" ")) {
    const prefix = lines.length === 0 ? "  " : "      ";
    if (line !== "" && prefix.length + line.length + 1 + word.length + " \\".length > width) {
      lines.push(`${prefix}${line} \\`);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  lines.push(`${lines.length === 0 ? "  " : "      "}${line}`);
  return lines;
}

export function renderHelp(page: HelpPage, width = helpWidth()): string {
  const rows: [string, string][] = [
    ["-h, --[no-]help", "Show context-sensitive help."],
    ...page.flags.filter((s) => !s.hidden).map((s) => flagRow(s, width)),
    [`${LONG_FLAG_INDENT}--version`, "Show application version."],
  ];
  let text = `usage: ${page.usage}\n\n${wrapText(page.description, width).join("\n")}\n\nFlags:\n${formatTwoColumns(rows, width)}`;
  if (page.examples && page.examples.length > 0) {
    text += `\nExamples:\n${page.examples.flatMap((e) => wrapCommandLine(e, width)).join("\n")}\n`;
  }
  return text;
}
