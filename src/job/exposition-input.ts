// What mon push and MON_METRICS_FILE accept: text exposition checked by
// mon's one strict parser before anything is sent, so a bad body is reported
// as <file>:<line>: <reason> and never reaches a gateway.

import { TextParseError, parseText } from "../metrics/text-parser.ts";
import type { MetricFamily, MetricType } from "../metrics/types.ts";

export class InputError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${source}:${line}: ${reason}` : `${source}: ${reason}`);
    this.name = "InputError";
  }
}

const SUFFIXES = ["_bucket", "_count", "_sum"];

/**
 * The first sample line whose family has no # TYPE line, or undefined. The
 * gateway would take such a family as untyped, which conflicts with the same
 * name pushed typed before: the classic "type UNTYPED but should have GAUGE".
 */
export function firstUntypedSample(text: string, typed = typedNames(text)): { line: number; name: string } | undefined {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === "" || l.startsWith("#")) continue;
    const name = /^[^{\s]+/.exec(l)?.[0] ?? "";
    if (typed.has(name)) continue;
    const suffix = SUFFIXES.find((s) => name.endsWith(s));
    if (suffix && typed.has(name.slice(0, -suffix.length))) continue;
    return { line: i + 1, name };
  }
  return undefined;
}

export interface ParseInputOptions {
  /** The type given to families without a # TYPE line; undefined refuses them. */
  defaultType?: MetricType;
}

/** Parses and checks a body; throws InputError naming `source` and the line. */
export function parseExposition(text: string, source: string, options: ParseInputOptions = {}): MetricFamily[] {
  let families: MetricFamily[];
  try {
    families = parseText(text);
  } catch (err) {
    if (err instanceof TextParseError) throw new InputError(source, err.line, err.reason);
    throw new InputError(source, 0, (err as Error).message);
  }
  const typed = typedNames(text);
  const untyped = firstUntypedSample(text, typed);
  if (untyped) {
    if (options.defaultType === undefined) {
      throw new InputError(source, untyped.line, `metric ${untyped.name} has no # TYPE line (add one, or pass --default-type gauge)`);
    }
    for (const f of families) if (!typed.has(f.name)) f.type = options.defaultType;
  }
  return families;
}

/** Names that have a # TYPE line. */
function typedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*TYPE[ \t]+(\S+)/gm)) names.add(m[1]);
  return names;
}

/**
 * --metric NAME=VALUE or NAME{label="v"}=VALUE: a gauge, checked by the same
 * parser as a body.
 */
export function parseMetricFlag(spec: string): MetricFamily[] {
  const eq = spec.lastIndexOf("=");
  const selector = eq > 0 ? spec.slice(0, eq).trim() : "";
  const value = eq > 0 ? spec.slice(eq + 1).trim() : "";
  const name = /^[^{\s]*/.exec(selector)?.[0] ?? "";
  if (name === "" || value === "") throw new InputError("--metric", 0, `${JSON.stringify(spec)}: want name=value or name{label="v"}=value`);
  try {
    return parseText(`# TYPE ${name} gauge\n${selector} ${value}\n`);
  } catch (err) {
    const reason = err instanceof TextParseError ? err.reason : (err as Error).message;
    throw new InputError("--metric", 0, `${JSON.stringify(spec)}: ${reason}`);
  }
}
