import { describe, expect, test } from "bun:test";
import { type FlagSpec, defineFlags, parseDuration, parseFlags } from "../../src/flags/flag-table.ts";

const specs: FlagSpec[] = [
  { name: "web.listen-address", kind: "strings", default: ":9091", help: "Listen." },
  { name: "web.enable-lifecycle", kind: "bool", help: "Lifecycle." },
  { name: "collector.cpu", kind: "bool", default: "true", help: "CPU." },
  { name: "persistence.interval", kind: "duration", default: "5m", help: "Interval." },
  { name: "web.max-requests", kind: "int", default: "40", help: "Max." },
  { name: "log.level", kind: "string", default: "info", choices: ["debug", "info"], help: "Level." },
];

describe("parseFlags", () => {
  const rows: [string, string[], Record<string, unknown>][] = [
    ["defaults", [], { "web.listen-address": [":9091"], "web.enable-lifecycle": false, "collector.cpu": true, "persistence.interval": 300, "web.max-requests": 40 }],
    ["--flag=value", ["--web.max-requests=5"], { "web.max-requests": 5 }],
    ["--flag value", ["--web.max-requests", "7"], { "web.max-requests": 7 }],
    ["bool switch", ["--web.enable-lifecycle"], { "web.enable-lifecycle": true }],
    ["--no-flag", ["--no-collector.cpu"], { "collector.cpu": false }],
    ["bool =false", ["--collector.cpu=false"], { "collector.cpu": false }],
    ["repeated flags replace the default, then append", ["--web.listen-address=:1", "--web.listen-address", ":2"], { "web.listen-address": [":1", ":2"] }],
    ["duration units", ["--persistence.interval=1h30m"], { "persistence.interval": 5400 }],
    ["duration zero", ["--persistence.interval=0"], { "persistence.interval": 0 }],
    ["later value wins", ["--log.level=debug", "--log.level=info"], { "log.level": "info" }],
  ];
  test.each(rows)("%s", (_name, argv, want) => {
    const { flags } = parseFlags(specs, argv);
    for (const [k, v] of Object.entries(want)) {
      expect(flags.get(specs.find((s) => s.name === k) as FlagSpec)).toEqual(v as never);
    }
  });

  const bad: [string, string[], string][] = [
    ["unknown flag", ["--nope"], "unknown long flag '--nope'"],
    ["missing value", ["--web.max-requests"], "expected argument for flag '--web.max-requests'"],
    ["bad int", ["--web.max-requests=x"], "invalid integer value 'x'"],
    ["bad duration", ["--persistence.interval=5 minutes"], "invalid duration"],
    ["bad choice", ["--log.level=loud"], "enum value must be one of debug,info"],
    ["--no- on a non-bool", ["--no-web.max-requests"], "unknown long flag"],
  ];
  test.each(bad)("rejects %s", (_name, argv, message) => {
    expect(() => parseFlags(specs, argv)).toThrow(message);
  });

  test("records explicit flags, help and version", () => {
    const r = parseFlags(specs, ["--no-collector.cpu", "--help", "--version", "pos"]);
    expect(specs.filter((s) => r.flags.isSet(s)).map((s) => s.name)).toEqual(["collector.cpu"]);
    expect(r.help).toBe(true);
    expect(r.version).toBe(true);
    expect(r.positionals).toEqual(["pos"]);
  });
});

describe("typed tables", () => {
  const TABLE = defineFlags({
    listen: { name: "web.listen-address", kind: "strings", default: ":9091", help: "Listen." },
    lifecycle: { name: "web.enable-lifecycle", kind: "bool", help: "Lifecycle." },
    interval: { name: "persistence.interval", kind: "duration", default: "5m", help: "Interval." },
    level: { name: "log.level", kind: "string", default: "info", help: "Level." },
  });

  test("read() gives every flag of the table under its key, typed; setIn() the keys set", () => {
    const { flags } = parseFlags(TABLE, ["--persistence.interval=1m", "--web.listen-address=:1"]);
    const v = flags.read(TABLE);
    const typed: { listen: string[]; lifecycle: boolean; interval: number; level: string } = v;
    expect(typed).toEqual({ listen: [":1"], lifecycle: false, interval: 60, level: "info" });
    expect([...flags.setIn(TABLE)].sort()).toEqual(["interval", "listen"]);
    // @ts-expect-error a misspelt key fails type-checking
    expect(v.intreval).toBeUndefined();
  });

  test("a flag outside the parsed table is an error, not a default", () => {
    const { flags } = parseFlags(TABLE, []);
    expect(() => flags.get({ name: "web.max-requests", kind: "int", help: "" })).toThrow("flag --web.max-requests is not in the parsed flag table");
  });
});

describe("parseDuration", () => {
  const rows: [string, number][] = [
    ["0", 0],
    ["30s", 30],
    ["5m", 300],
    ["2h", 7200],
    ["1d", 86400],
    ["1w", 604800],
    ["100ms", 0.1],
    ["1h1m1s", 3661],
  ];
  test.each(rows)("%s", (text, seconds) => expect(parseDuration(text)).toBeCloseTo(seconds, 9));
  test.each(["", "5", "m", "5x", "-5m", "5m3"])("rejects %p", (text) => expect(() => parseDuration(text)).toThrow());
});
