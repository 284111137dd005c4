// One typed flag table per command, parsed once. It accepts what kingpin (the
// flag library of node_exporter and Pushgateway) accepts: --flag=value,
// --flag value, repeated flags, --no-flag for booleans, dotted names.

export type FlagKind = "string" | "bool" | "int" | "float" | "duration" | "strings";

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  help: string;
  /** Default as the reference prints it; parsed like a command-line value. */
  default?: string;
  /** Shown in --help in place of the value, e.g. "<path>". */
  placeholder?: string;
  /** Accepted values for enum-like string flags. */
  choices?: readonly string[];
  /** Hidden flags still parse but are not listed in --help. */
  hidden?: boolean;
}

export type FlagValue = string | boolean | number | string[];

/** The type a flag of this kind parses to: durations in seconds. */
export type FlagValueOf<K extends FlagKind> = K extends "bool" ? boolean : K extends "strings" ? string[] : K extends "string" ? string : number;

/**
 * Flags keyed by the name the code reads them by. Declare one with
 * defineFlags() so that each kind stays a literal type; then
 * `flags.read(TABLE).someKey` is typed, and a misspelt key fails at type-check
 * time, not at start-up. The order of the keys is the --help order.
 */
export type FlagTable = { readonly [key: string]: FlagSpec };

export type TypedFlagValues<T extends FlagTable> = { readonly [P in keyof T]: FlagValueOf<T[P]["kind"]> };

export function defineFlags<const T extends FlagTable>(table: T): T {
  return table;
}

export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FlagError";
  }
}

/**
 * Parsed flag values. There is no lookup by a flag's name: code reads a
 * table it declared (read, setIn) or a spec it holds (get, isSet).
 */
export class FlagValues {
  constructor(
    private readonly values: ReadonlyMap<string, FlagValue>,
    /** Names the user set explicitly on the command line. */
    private readonly explicit: ReadonlySet<string>,
  ) {}

  get<K extends FlagKind>(spec: FlagSpec & { kind: K }): FlagValueOf<K> {
    const v = this.values.get(spec.name);
    if (v === undefined) throw new Error(`flag --${spec.name} is not in the parsed flag table`);
    return v as FlagValueOf<K>;
  }

  /** Whether the command line set this flag (to its default or not). */
  isSet(spec: FlagSpec): boolean {
    return this.explicit.has(spec.name);
  }

  /** Every flag of the table, typed. */
  read<T extends FlagTable>(table: T): TypedFlagValues<T> {
    const out: Record<string, FlagValue> = {};
    for (const [key, spec] of Object.entries(table)) out[key] = this.get(spec);
    return out as TypedFlagValues<T>;
  }

  /** The keys of the table's flags that the command line set. */
  setIn<T extends FlagTable>(table: T): ReadonlySet<keyof T & string> {
    return new Set(Object.keys(table).filter((key) => this.isSet(table[key])));
  }
}

const DURATION_UNITS: Record<string, number> = { ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/**
 * Parses a Prometheus model.Duration ("5m", "1h30m", "0") into seconds.
 * Prometheus durations are what both reference programs use for their flags.
 */
export function parseDuration(text: string): number {
  if (text === "0") return 0;
  const re = /(\d+)(ms|s|m|h|d|w|y)/y;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new FlagError(`not a valid duration string: "${text}"`);
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    pos = re.lastIndex;
  }
  if (text.length === 0) throw new FlagError(`empty duration string`);
  return total;
}

function convert(spec: FlagSpec, raw: string): FlagValue {
  switch (spec.kind) {
    case "string":
    case "strings":
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new FlagError(`enum value must be one of ${spec.choices.join(",")}, got '${raw}' for --${spec.name}`);
      }
      return raw;
    case "bool":
      if (raw === "true" || raw === "1") return true;
      if (raw === "false" || raw === "0") return false;
      throw new FlagError(`invalid boolean value '${raw}' for --${spec.name}`);
    case "int": {
      if (!/^[+-]?\d+$/.test(raw)) throw new FlagError(`invalid integer value '${raw}' for --${spec.name}`);
      return Number(raw);
    }
    case "float": {
      const n = Number(raw);
      if (raw.trim() === "" || Number.isNaN(n)) throw new FlagError(`invalid number '${raw}' for --${spec.name}`);
      return n;
    }
    case "duration":
      try {
        return parseDuration(raw);
      } catch (err) {
        throw new FlagError(`invalid duration '${raw}' for --${spec.name}: ${(err as Error).message}`);
      }
  }
}

export interface ParsedCommandLine {
  flags: FlagValues;
  positionals: string[];
  help: boolean;
  version: boolean;
}

/**
 * Parses argv against the table. --help/-h and --version are recognised
 * everywhere. Unknown flags are an error, as in kingpin.
 */
export function parseFlags(table: readonly FlagSpec[] | FlagTable, argv: readonly string[]): ParsedCommandLine {
  const specs: readonly FlagSpec[] = Array.isArray(table) ? table : Object.values(table);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values = new Map<string, FlagValue>();
  const explicit = new Set<string>();
  const positionals: string[] = [];
  let help = false;
  let version = false;

  for (const s of specs) {
    if (s.kind === "strings") values.set(s.name, s.default === undefined ? [] : [s.default]);
    else if (s.kind === "bool") values.set(s.name, s.default === "true");
    else values.set(s.name, s.default === undefined ? (s.kind === "string" ? "" : 0) : convert(s, s.default));
  }

  const repeated = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "--help" || arg === "-h" || arg === "--help-long") {
      help = true;
      continue;
    }
    if (arg === "--version") {
      version = true;
      continue;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let spec = byName.get(name);
    if (!spec && name.startsWith("no-")) {
      const positive = byName.get(name.slice(3));
      if (positive?.kind === "bool" && eq === -1) {
        values.set(positive.name, false);
        explicit.add(positive.name);
        continue;
      }
    }
    if (!spec) throw new FlagError(`unknown long flag '--${name}'`);
    let raw: string;
    if (eq !== -1) raw = arg.slice(eq + 1);
    else if (spec.kind === "bool") raw = "true";
    else {
      if (i + 1 >= argv.length) throw new FlagError(`expected argument for flag '--${name}'`);
      raw = argv[++i];
    }
    const v = convert(spec, raw);
    if (spec.kind === "strings") {
      // The first explicit use replaces the default, later ones append.
      const list = repeated.has(spec.name) ? (values.get(spec.name) as string[]) : [];
      list.push(v as string);
      values.set(spec.name, list);
      repeated.add(spec.name);
    } else {
      values.set(spec.name, v);
    }
    explicit.add(spec.name);
    spec = undefined;
  }
  return { flags: new FlagValues(values, explicit), positionals, help, version };
}
