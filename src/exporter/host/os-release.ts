// os-release(5) files, parsed as node_exporter parses them (hashicorp's
// go-envparse v0.1.0): KEY=value lines, '#' comments, optional "export ",
// single quotes taken literally, double quotes with JSON-style escapes, an
// unquoted '#' starting a trailing comment.

import { parseFileText, readText } from "./host-fs.ts";
import type { Paths } from "../paths.ts";

const KEY_FIRST = /^[A-Za-z_]/;
const KEY_REST = /^[A-Za-z0-9_./]*$/;
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", r: "\r", n: "\n", t: "\t" };

function hex4(value: string, at: number): number {
  const h = value.slice(at, at + 4);
  if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new Error("incomplete or invalid hex escape");
  return parseInt(h, 16);
}

/** One line to [key, value]; undefined for blank and comment lines. */
export function parseEnvLine(raw: string): [string, string] | undefined {
  const line = raw.trim();
  if (line === "" || line.startsWith("#")) return undefined;
  const eq = line.indexOf("=");
  if (eq === -1) throw new Error('missing "="');
  let key = line.slice(0, eq).trim();
  const value = line.slice(eq + 1).trim();
  if (key.length > "export ".length && key.startsWith("export ")) key = key.slice("export ".length);
  if (key === "") throw new Error("empty key");
  if (!KEY_FIRST.test(key)) throw new Error(`key must start with [A-Za-z_] but found '${key[0]}'`);
  if (!KEY_REST.test(key.slice(1))) throw new Error(`key characters must be [A-Za-z0-9/_.] in "${key}"`);

  let out = "";
  // Length of out up to its last significant (non-blank or quoted) character.
  let lastSig = 0;
  let mode: "normal" | "double" | "single" | "escape" = "normal";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const code = c.charCodeAt(0);
    if (code < 32) throw new Error(`0x${code.toString(16).padStart(2, "0")} is an invalid value character`);
    if (code > 127) {
      if (mode === "escape") throw new Error("multibyte characters disallowed in escape sequences");
      out += c;
      lastSig = out.length;
      continue;
    }
    switch (mode) {
      case "normal":
        if (c === '"') mode = "double";
        else if (c === "'") mode = "single";
        else if (c === "#") return [key, out.slice(0, lastSig)];
        else {
          out += c;
          if (c !== " " && c !== "\t") lastSig = out.length;
        }
        break;
      case "double":
        if (c === '"') mode = "normal";
        else if (c === "\\") mode = "escape";
        else {
          out += c;
          lastSig = out.length;
        }
        break;
      case "escape": {
        if (c in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[c];
        else if (c === "u") {
          const hi = hex4(value, i + 1);
          i += 4;
          if (hi >= 0xd800 && hi < 0xe000) {
            if (value[i + 1] !== "\\" || value[i + 2] !== "u") throw new Error("incomplete surrogate pair");
            const lo = hex4(value, i + 3);
            i += 6;
            out += String.fromCharCode(hi, lo);
          } else out += String.fromCharCode(hi);
        } else throw new Error(`invalid escape sequence: "${c}"`);
        lastSig = out.length;
        mode = "double";
        break;
      }
      case "single":
        if (c === "'") mode = "normal";
        else {
          out += c;
          lastSig = out.length;
        }
        break;
    }
  }
  if (mode === "double") throw new Error('unmatched "');
  if (mode === "single") throw new Error("unmatched '");
  if (mode === "escape") throw new Error("incomplete escape sequence");
  return [key, out];
}

export function parseOsRelease(text: string): Map<string, string> {
  const env = new Map<string, string>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    try {
      const kv = parseEnvLine(lines[i]);
      if (kv) env.set(kv[0], kv[1]);
    } catch (err) {
      throw new Error(`error on line ${i + 1}: ${(err as Error).message}`, { cause: err });
    }
  }
  return env;
}

/** Where node_exporter looks, in order, relative to --path.rootfs. */
export const OS_RELEASE_FILES = ["etc/os-release", "usr/lib/os-release"] as const;

/**
 * The first os-release file that exists, parsed; undefined when none does.
 * A file that exists but cannot be read or parsed is an error.
 */
export function readOsRelease(paths: Paths): { file: string; env: Map<string, string> } | undefined {
  for (const rel of OS_RELEASE_FILES) {
    const file = paths.rootfs(rel);
    let text: string;
    try {
      text = readText(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw err;
    }
    return { file, env: parseFileText(file, text, parseOsRelease) };
  }
  return undefined;
}
