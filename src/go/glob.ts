// Go's path/filepath.Glob on Unix, for flags that accept a glob where a
// path is expected (--collector.textfile.directory). Patterns follow
// filepath.Match: '*' and '?' never cross '/', '[...]' classes with ranges
// and '^' negation, '\' escapes. A malformed pattern throws, as Glob returns
// ErrBadPattern.

import { lstatSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export class BadPatternError extends Error {
  constructor(pattern: string) {
    super(`syntax error in pattern: ${pattern}`);
    this.name = "BadPatternError";
  }
}

export function hasGlobMeta(path: string): boolean {
  return /[*?[\\]/.test(path);
}

const compiled = new Map<string, RegExp>();

/** filepath.Match's pattern language as an anchored RegExp for one path element. */
export function globComponentRegExp(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "\\") {
      i++;
      if (i >= pattern.length) throw new BadPatternError(pattern);
      re += escapeChar(pattern[i]);
    } else if (c === "[") {
      const [cls, next] = parseClass(pattern, i + 1);
      re += cls;
      i = next - 1;
    } else re += escapeChar(c);
  }
  const result = new RegExp(`${re}$`, "s");
  compiled.set(pattern, result);
  return result;
}

/** One escaped character of a class: '-' and ']' must be escaped there. */
function classChar(pattern: string, i: number): [string, number] {
  let c = pattern[i];
  if (c === undefined || c === "-" || c === "]") throw new BadPatternError(pattern);
  if (c === "\\") {
    c = pattern[i + 1];
    if (c === undefined) throw new BadPatternError(pattern);
    return [c, i + 2];
  }
  return [c, i + 1];
}

/** A '[...]' class starting after the '['; returns the RegExp text and the index after ']'. */
function parseClass(pattern: string, start: number): [string, number] {
  let i = start;
  let negate = false;
  if (pattern[i] === "^") {
    negate = true;
    i++;
  }
  let body = "";
  let ranges = 0;
  for (;;) {
    if (i >= pattern.length) throw new BadPatternError(pattern);
    if (pattern[i] === "]" && ranges > 0) {
      i++;
      break;
    }
    const [lo, afterLo] = classChar(pattern, i);
    i = afterLo;
    let hi = lo;
    if (pattern[i] === "-") {
      [hi, i] = classChar(pattern, i + 1);
      if (lo > hi) throw new BadPatternError(pattern);
    }
    body += hi === lo ? escapeClassChar(lo) : `${escapeClassChar(lo)}-${escapeClassChar(hi)}`;
    ranges++;
  }
  // Go's classes never match the separator.
  return [`(?!/)[${negate ? "^" : ""}${body}]`, i];
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

function escapeClassChar(c: string): string {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}

function cleanGlobDir(dir: string): string {
  if (dir === "") return ".";
  if (dir === "/") return dir;
  return dir.replace(/\/+$/, "");
}

function globIn(dir: string, pattern: string, out: string[]): void {
  try {
    if (!statSync(dir).isDirectory()) return;
  } catch {
    return;
  }
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  const re = globComponentRegExp(pattern);
  for (const n of names) if (re.test(n)) out.push(join(dir, n));
}

/** The matching paths, sorted per directory; [] when nothing matches. */
export function goGlob(pattern: string): string[] {
  if (!hasGlobMeta(pattern)) {
    try {
      lstatSync(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const slash = pattern.lastIndexOf("/");
  const file = pattern.slice(slash + 1);
  const dir = cleanGlobDir(pattern.slice(0, slash + 1));
  globComponentRegExp(file);
  const out: string[] = [];
  if (!hasGlobMeta(dir)) {
    globIn(dir, file, out);
    return out;
  }
  if (dir === pattern) throw new BadPatternError(pattern);
  for (const d of goGlob(dir)) globIn(d, file, out);
  return out;
}
