import { describe, expect, test } from "bun:test";
import { LOG_FLAGS } from "../../src/flags/common-flags.ts";
import { FlagError, defineFlags } from "../../src/flags/flag-table.ts";
import { type Mode, type ModeContext, type ModeIo, runMode } from "../../src/flags/run-mode.ts";

function captureIo(signal?: string): ModeIo & { out: string; err: string; log: string[] } {
  const io = {
    out: "",
    err: "",
    log: [] as string[],
    logLine: (line: string) => {
      io.log.push(line);
    },
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
    // A signal that never comes unless the test sends one.
    untilSignal: () => (signal ? Promise.resolve(signal) : new Promise<string>(() => {})),
  };
  return io;
}

const JOB_FLAGS = defineFlags({
  jobName: { name: "job.name", kind: "string", default: "", help: "Job name." },
  ...LOG_FLAGS,
});

function job(overrides: Partial<Mode> = {}, seen: ModeContext[] = []): Mode {
  return {
    name: "job",
    description: "Runs a job.",
    flags: Object.values(JOB_FLAGS),
    start: async (ctx) => {
      seen.push(ctx);
      return 3;
    },
    ...overrides,
  };
}

describe("runMode", () => {
  test("a job's exit code is the process's, with flags, args and a logger", async () => {
    const seen: ModeContext[] = [];
    const mode = job({ args: { usage: "-- <command>...", required: true } }, seen);
    expect(await runMode(mode, ["--job.name=x", "--", "sh", "--help"], captureIo())).toBe(3);
    expect(seen[0].flags.read(JOB_FLAGS).jobName).toBe("x");
    expect(seen[0].args).toEqual(["sh", "--help"]);
  });

  const refused: [string, Partial<Mode>, string[], string][] = [
    ["a stray argument, as kingpin refuses it", {}, ["stray-arg"], "mon job: error: unexpected stray-arg, try --help\n"],
    ["an unknown flag", {}, ["--nope"], "mon job: error: unknown long flag '--nope', try --help\n"],
    ["a missing required argument", { args: { usage: "<command>", required: true } }, [], "mon job: error: required argument '<command>' not provided, try --help\n"],
    [
      "what check() refuses",
      { check: () => { throw new FlagError("--a and --b exclude each other"); } },
      [],
      "mon job: error: --a and --b exclude each other, try --help\n",
    ],
  ];
  test.each(refused)("refuses %s with exit 1 and nothing started", async (_name, overrides, argv, message) => {
    const seen: ModeContext[] = [];
    const io = captureIo();
    expect(await runMode(job(overrides, seen), argv, io)).toBe(1);
    expect(io.err).toBe(message);
    expect(io.out).toBe("");
    expect(seen).toHaveLength(0);
  });

  test("--help and --version print on stdout, exit 0 and start nothing", async () => {
    const seen: ModeContext[] = [];
    const help = captureIo();
    expect(await runMode(job({ args: { usage: "-- <command>..." } }, seen), ["--help", "stray"], help)).toBe(0);
    expect(help.out).toStartWith("usage: mon job [<flags>] -- <command>...\n\nRuns a job.\n");
    const version = captureIo();
    expect(await runMode(job({}, seen), ["--version"], version)).toBe(0);
    expect(version.out).toStartWith("mon, version ");
    expect(seen).toHaveLength(0);
  });

  test("a start that throws exits 1 and logs why", async () => {
    const mode = job({
      start: async () => {
        throw new Error("cannot listen on 127.0.0.1:1: taken");
      },
    });
    const io = captureIo();
    expect(await runMode(mode, ["--log.format=json"], io)).toBe(1);
    expect(io.log.map((l) => JSON.parse(l))).toMatchObject([
      { level: "error", msg: "could not start mon job", err: "cannot listen on 127.0.0.1:1: taken" },
    ]);
  });

  test("a service runs until a signal, then its shutdown decides the exit code", async () => {
    const reasons: string[] = [];
    const service = (ok: boolean): Mode =>
      job({ start: async () => ({ shutdown: async (reason) => (reasons.push(reason), ok) }) });
    expect(await runMode(service(true), [], captureIo("SIGTERM"))).toBe(0);
    expect(await runMode(service(false), [], captureIo("SIGINT"))).toBe(1);
    expect(reasons).toEqual(["SIGTERM", "SIGINT"]);
  });

  test("a service that asks to stop is shut down with its reason", async () => {
    const reasons: string[] = [];
    const mode = job({
      start: async () => ({ stopRequested: Promise.resolve("quit"), shutdown: async (r) => (reasons.push(r), true) }),
    });
    expect(await runMode(mode, [], captureIo())).toBe(0);
    expect(reasons).toEqual(["quit"]);
  });
});
