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

export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FlagError";
  }
}

/** Parsed flag values, typed by accessor. Keys are flag names without dashes. */
export class FlagValues {
  constructor(
    private readonly values: Map<string, FlagValue>,
    /** Names the user set explicitly on the command line. */
    readonly explicit: ReadonlySet<string>,
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }
  string(name: string): string {
    return this.get(name, "string") as string;
  }
  bool(name: string): boolean {
    return this.get(name, "boolean") as boolean;
  }
  number(name: string): number {
    return this.get(name, "number") as number;
  }
  strings(name: string): string[] {
    const v = this.values.get(name);
    if (!Array.isArray(v)) throw new Error(`flag --${name} is not a repeatable flag`);
    return v;
  }
  /** Every flag as the string the JSON status API shows. */
  entries(): [string, FlagValue][] {
    return [...this.values.entries()];
  }
  private get(name: string, type: string): FlagValue {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`unknown flag --${name}`);
    if (typeof v !== type) throw new Error(`flag --${name} is not a ${type}`);
    return v;
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
export function parseFlags(specs: readonly FlagSpec[], argv: readonly string[]): ParsedCommandLine {
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
