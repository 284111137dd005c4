// `mon run [flags] -- COMMAND [ARGS...]`: runs the command with stdin, stdout
// and stderr untouched, pushes batch_job_* gauges when it starts and when it
// ends, and exits with the command's own exit code. A failed push is a
// warning on stderr; it never changes the exit code.
//
// Exit codes besides the command's own: 124 --timeout hit; 126 not
// executable; 127 not found; 128+N killed by signal N; 75 another run holds
// --lock (nothing pushed); 2 usage error (nothing run).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { type FlagValues, defineFlags } from "../flags/flag-table.ts";
import type { Mode } from "../flags/run-mode.ts";
import type { MetricFamily } from "../metrics/types.ts";
import { deliver } from "./deliver.ts";
import { InputError, parseExposition } from "./exposition-input.ts";
import { DESTINATION_FLAGS, destinationsFromFlags } from "./job-flags.ts";
import { EXIT_USAGE } from "./push-command.ts";
import { endFamilies, startFamilies, withoutOutcomeNames } from "./outcome-metrics.ts";
import { type HeldLock, tryLock } from "./run-lock.ts";

export const EXIT_TIMEOUT = 124;
export const EXIT_NOT_EXECUTABLE = 126;
export const EXIT_NOT_FOUND = 127;
/** EX_TEMPFAIL from sysexits.h: try again later. */
export const EXIT_LOCKED = 75;

export const RUN_FLAGS = defineFlags({
  ...DESTINATION_FLAGS,
  expectEvery: {
    name: "expect-every",
    kind: "duration",
    placeholder: "DURATION",
    help: "How often the job runs, e.g. 1d; pushed as batch_job_expected_interval_seconds for the BatchJobNotSucceededRecently alert. Default: none (the alert then waits 25h).",
  },
  timeout: {
    name: "timeout",
    kind: "duration",
    placeholder: "DURATION",
    help: "SIGTERM the command's process group after this long, then SIGKILL after --kill-after; exit 124. Default: no limit.",
  },
  killAfter: { name: "kill-after", kind: "duration", default: "10s", placeholder: "DURATION", help: "Grace period between the timeout's SIGTERM and SIGKILL." },
  lock: {
    name: "lock",
    kind: "string",
    default: "",
    placeholder: "FILE",
    help: `Run only if no other run holds the flock(2) lock on FILE; otherwise exit ${EXIT_LOCKED} and push nothing.`,
  },
});

const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function say(message: string): void {
  process.stderr.write(`mon run: ${message}\n`);
}

/** A shell's exit status for a process that ended with `code` or by `signal`. */
export function shellExitStatus(code: number | null, signal: string | number | null): number {
  if (typeof signal === "number") return 128 + signal;
  if (code !== null) return code;
  const n = signal ? (constants.signals as Record<string, number>)[signal] : undefined;
  return 128 + (n ?? 0);
}

interface Finished {
  exitCode: number;
  endSeconds: number;
}

/** Spawns the command in its own process group and waits; never throws. */
async function runChild(command: string[], env: Record<string, string | undefined>, timeoutSeconds: number, killAfterSeconds: number): Promise<Finished> {
  let child: Bun.Subprocess | undefined;
  // Signals that came before the child existed, forwarded once it does.
  const early: NodeJS.Signals[] = [];
  const signalGroup = (sig: NodeJS.Signals) => {
    if (!child) return void early.push(sig);
    try {
      process.kill(-child.pid, sig);
    } catch {
      // The group is gone already.
    }
  };
  // Installed before the spawn: on a loaded machine the command can run (and
  // be seen running) before this process gets the CPU back, and a SIGTERM then
  // would end mon run by default and leave the command orphaned.
  const handlers = FORWARDED_SIGNALS.map((sig) => [sig, () => signalGroup(sig)] as const);
  for (const [sig, h] of handlers) process.on(sig, h);
  try {
    // Its own process group (detached: setsid), so the timeout and forwarded
    // signals reach the whole tree, e.g. `sh -c` and what it started.
    child = Bun.spawn(command, { stdio: ["inherit", "inherit", "inherit"], env, detached: true });
  } catch (err) {
    for (const [sig, h] of handlers) process.off(sig, h);
    const code = (err as NodeJS.ErrnoException).code;
    const notFound = code === "ENOENT";
    say(`${command[0]}: ${notFound ? "command not found" : `cannot run: ${(err as Error).message}`}`);
    return { exitCode: notFound ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE, endSeconds: Date.now() / 1000 };
  }
  for (const sig of early.splice(0)) signalGroup(sig);

  let timedOut = false;
  let killTimer: Timer | undefined;
  const timeoutTimer =
    timeoutSeconds > 0
      ? setTimeout(() => {
          timedOut = true;
          say(`timed out after ${timeoutSeconds}s; sending SIGTERM`);
          signalGroup("SIGTERM");
          killTimer = setTimeout(() => {
            say(`still running ${killAfterSeconds}s after SIGTERM; sending SIGKILL`);
            signalGroup("SIGKILL");
          }, killAfterSeconds * 1000);
        }, timeoutSeconds * 1000)
      : undefined;

  await child.exited;
  const endSeconds = Date.now() / 1000;
  clearTimeout(timeoutTimer);
  clearTimeout(killTimer);
  if (timedOut) signalGroup("SIGKILL"); // What the command left behind in its group.
  for (const [sig, h] of handlers) process.off(sig, h);
  return { exitCode: timedOut ? EXIT_TIMEOUT : shellExitStatus(child.exitCode, child.signalCode), endSeconds };
}

/** The command's own metrics from MON_METRICS_FILE; problems are reported, never fatal. */
export function readCommandMetrics(path: string): MetricFamily[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  if (text.trim() === "") return [];
  try {
    const { kept, dropped } = withoutOutcomeNames(parseExposition(text, `MON_METRICS_FILE ${path}`, { defaultType: "untyped" }));
    if (dropped.length > 0) say(`MON_METRICS_FILE: ignoring ${dropped.join(", ")}: mon run sets these itself`);
    return kept;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    say(`${err.message}; the command's metrics are not pushed, its outcome is`);
    return [];
  }
}

function warnFailures(what: string, failures: string[]): void {
  for (const line of failures) say(`warning: ${what} push failed: ${line}`);
}

async function run(f: FlagValues, command: string[]): Promise<number> {
  const dest = destinationsFromFlags(f);
  const v = f.read(RUN_FLAGS);
  let lock: HeldLock | undefined;
  const lockFile = v.lock;
  if (lockFile !== "") {
    try {
      lock = tryLock(lockFile);
    } catch (err) {
      say(`error: ${(err as Error).message}`);
      return EXIT_USAGE;
    }
    if (!lock) {
      say(`another run holds the lock ${lockFile}; not starting ${command[0]} (exit ${EXIT_LOCKED})`);
      return EXIT_LOCKED;
    }
  }

  const expectEvery = v.expectEvery;
  const start = { startSeconds: Date.now() / 1000, expectEverySeconds: expectEvery > 0 ? expectEvery : undefined };
  // The start push retries while the command runs; once it ends, the end
  // push (which repeats the start's gauges) supersedes it and has the whole
  // --push.timeout to itself.
  const startRetries = new AbortController();
  const startPush = deliver(dest, "POST", startFamilies(start), startRetries.signal);

  // A fresh, empty file in a folder only this run can use: `>` and `>>` both work.
  const metricsDir = mkdtempSync(join(tmpdir(), "mon-run-"));
  const metricsFile = join(metricsDir, "metrics.prom");
  writeFileSync(metricsFile, "");
  const finished = await runChild(command, { ...process.env, MON_METRICS_FILE: metricsFile }, v.timeout, v.killAfter);
  const own = readCommandMetrics(metricsFile);
  rmSync(metricsDir, { recursive: true, force: true });

  startRetries.abort();
  const started = await startPush;
  const ended = await deliver(dest, "POST", [...endFamilies({ ...start, ...finished }), ...own]);
  // A failed start push only matters when the end push failed too.
  if (ended.failures.length > 0) warnFailures("start", started.failures);
  warnFailures("end", ended.failures);
  lock?.release();
  return finished.exitCode;
}

export const RUN_MODE: Mode = {
  name: "run",
  description:
    "Run COMMAND with stdin, stdout and stderr untouched, push batch_job_* gauges when it starts and ends, and exit with its exit code. " +
    "COMMAND finds a fresh file named in $MON_METRICS_FILE: text exposition it writes there (e.g. 'records_processed 1500') is checked and pushed with the outcome. " +
    `Other exit codes: ${EXIT_TIMEOUT} timed out, ${EXIT_NOT_EXECUTABLE} not executable, ${EXIT_NOT_FOUND} not found, ` +
    `128+N killed by signal N, ${EXIT_LOCKED} --lock held by another run, ${EXIT_USAGE} usage error. A failed push never changes the exit code.`,
  flags: Object.values(RUN_FLAGS),
  args: { usage: "-- COMMAND [ARGS...]", required: true },
  usageExitCode: EXIT_USAGE,
  examples: [
    "mon run --gateway=http://gw:9091 --job=backup --expect-every=1d -- /usr/local/bin/backup.sh",
    "MON_TEXTFILE_DIR=/var/lib/mon/textfile mon run --job=cleanup --timeout=1h --lock=/run/lock/cleanup.lock -- cleanup.sh",
  ],
  check: (flags) => {
    destinationsFromFlags(flags);
  },
  start: ({ flags, args }) => run(flags, args),
};
