// Strict reading of the YAML config files mon shares with the Prometheus
// ecosystem (--web.config.file, --http.config.file): every field checked,
// unknown fields refused, and every error naming the field's YAML path, as
// upstream's yaml.UnmarshalStrict does.

import { YAML } from "bun";

/** A problem with a config file's content; `field` is the YAML path, e.g. tls_server_config.min_version. */
export class ConfigFieldError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(field === "" ? problem : `${field}: ${problem}`);
    this.name = "ConfigFieldError";
  }
}

export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** A mapping whose keys are all in `known`; null or absent means empty, as in Go. */
export function section(parent: Obj, key: string, path: string, known: readonly string[]): Obj {
  const v = parent[key];
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new ConfigFieldError(path, `want a mapping, got ${describe(v)}`);
  for (const k of Object.keys(v)) {
    if (!known.includes(k)) throw new ConfigFieldError(path, `unknown field "${k}"`);
  }
  return v;
}

// yaml.v2 turns any scalar into a Go string field, so a number or a boolean is
// taken as its text.
export function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new ConfigFieldError(`${path}.${key}`, `want a string, got ${describe(v)}`);
}

// YAML 1.1 booleans as yaml.v2 reads them; Bun's YAML 1.2 leaves these as strings.
const YAML11_TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const YAML11_FALSE = new Set(["n", "N", "no", "No", "NO", "off", "Off", "OFF"]);

export function bool(o: Obj, key: string, path: string, dflt: boolean): boolean {
  const v = o[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && YAML11_TRUE.has(v)) return true;
  if (typeof v === "string" && YAML11_FALSE.has(v)) return false;
  throw new ConfigFieldError(`${path}.${key}`, `want true or false, got ${describe(v)}`);
}

export function strList(o: Obj, key: string, path: string): string[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ConfigFieldError(`${path}.${key}`, `want a list, got ${describe(v)}`);
  return v.map((item, i) => {
    if (typeof item === "string") return item;
    if (typeof item === "number" || typeof item === "boolean") return String(item);
    throw new ConfigFieldError(`${path}.${key}[${i}]`, `want a string, got ${describe(item)}`);
  });
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string, what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigFieldError(field, `unknown ${what} "${value}" (want one of ${allowed.join(", ")})`);
}

/** Parses a YAML document whose top level is a mapping with only `known` keys; empty means {}. */
export function parseYamlMapping(text: string, known: readonly string[]): Obj {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new ConfigFieldError("", `invalid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isObject(doc)) throw new ConfigFieldError("", `want a mapping at the top level, got ${describe(doc)}`);
  for (const k of Object.keys(doc)) {
    if (!known.includes(k)) throw new ConfigFieldError("", `unknown field "${k}"`);
  }
  return doc;
}
