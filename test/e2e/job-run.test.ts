// End to end: dist/mon run against a real dist/mon gateway, the textfile
// destination read back by dist/mon exporter, and a gateway that is down.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monJob, startRecorder } from "../support/job-client.ts";
import { skipWhenMissing } from "../support/requirements.ts";
import { MON_BINARY, type RunningMon, binaryPresent, spawnMon } from "../support/spawn-mon.ts";

const skip = skipWhenMissing("mon run e2e", binaryPresent() ? undefined : `${MON_BINARY} is missing (npx bun compile.ts)`);

/** The value of the one series of `name` whose labels include `selector`, from a scrape. */
function sample(scrape: string, name: string, selector: string): number | undefined {
  for (const line of scrape.split("\n")) {
    if (line.startsWith(`${name}{`) && line.includes(selector)) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

async function waitForFile(path: string): Promise<void> {
  for (let i = 0; i < 500 && !existsSync(path); i++) await Bun.sleep(20);
  if (!existsSync(path)) throw new Error(`${path} did not appear`);
}

describe.skipIf(skip)("mon run", () => {
  const dir = mkdtempSync(join(tmpdir(), "mon-run-e2e-"));
  let gw: RunningMon;
  const scrape = async () => await (await fetch(`${gw.base}/metrics`)).text();
  beforeAll(async () => {
    gw = await spawnMon(["gateway"], { readyPath: "/-/ready" });
  });
  afterAll(async () => {
    await gw?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("exit codes pass through; a failure keeps the last success", async () => {
    const run = (cmd: string) => monJob(["run", `--gateway=${gw.base}`, "--job=backup", "--instance=db1", "--expect-every=1d", "--", "sh", "-c", cmd]);
    const ok = await run("echo out; echo err >&2");
    expect(ok).toEqual({ code: 0, stdout: "out\n", stderr: "err\n" });
    const first = await scrape();
    const sel = 'instance="db1",job="backup"';
    const lastSuccess = sample(first, "batch_job_last_success_timestamp_seconds", sel) as number;
    expect(lastSuccess).toBeGreaterThan(0);
    expect(sample(first, "batch_job_success", sel)).toBe(1);
    expect(sample(first, "batch_job_running", sel)).toBe(0);
    expect(sample(first, "batch_job_expected_interval_seconds", sel)).toBe(86400);

    expect((await run("exit 3")).code).toBe(3);
    const second = await scrape();
    expect(sample(second, "batch_job_success", sel)).toBe(0);
    expect(sample(second, "batch_job_exit_code", sel)).toBe(3);
    expect(sample(second, "batch_job_last_success_timestamp_seconds", sel)).toBe(lastSuccess);
    expect(sample(second, "batch_job_last_failure_timestamp_seconds", sel)).toBeGreaterThanOrEqual(lastSuccess);
    expect(second).toContain("# TYPE batch_job_success gauge");
  });

  test("stdin passes through; SIGTERM to mon run reaches the command, whose exit code is kept", async () => {
    const echoed = await monJob(["run", `--gateway=${gw.base}`, "--job=cat", "--", "cat"], { stdin: "line one\nline two\n" });
    expect(echoed).toEqual({ code: 0, stdout: "line one\nline two\n", stderr: "" });

    const started = join(dir, "signal-started");
    const proc = Bun.spawn(
      [MON_BINARY, "run", `--gateway=${gw.base}`, "--job=signalled", "--", "sh", "-c", `trap 'echo got TERM; exit 5' TERM; touch ${started}; while :; do sleep 0.02; done`],
      { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
    );
    await waitForFile(started);
    proc.kill("SIGTERM");
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect({ out, code }).toEqual({ out: "got TERM\n", code: 5 });
    expect(sample(await scrape(), "batch_job_exit_code", 'job="signalled"')).toBe(5);
  });

  test("the start push marks the job running", async () => {
    const gate = join(dir, "running-gate");
    const started = join(dir, "running-started");
    const pending = monJob(["run", `--gateway=${gw.base}`, "--job=long", "--", "sh", "-c", `touch ${started}; while [ ! -e ${gate} ]; do sleep 0.02; done`]);
    await waitForFile(started);
    let running: number | undefined;
    for (let i = 0; i < 250 && running !== 1; i++) {
      running = sample(await scrape(), "batch_job_running", 'job="long"');
      if (running !== 1) await Bun.sleep(20);
    }
    expect(running).toBe(1);
    writeFileSync(gate, "");
    expect((await pending).code).toBe(0);
    expect(sample(await scrape(), "batch_job_running", 'job="long"')).toBe(0);
  });

  test("MON_METRICS_FILE: valid lines are pushed with the outcome; an invalid file is reported with its line", async () => {
    const good = await monJob(["run", `--gateway=${gw.base}`, "--job=etl", "--", "sh", "-c", 'printf "data_records_processed 1500\\n" > "$MON_METRICS_FILE"']);
    expect(good.code).toBe(0);
    expect(sample(await scrape(), "data_records_processed", 'job="etl"')).toBe(1500);

    const bad = await monJob(["run", `--gateway=${gw.base}`, "--job=etl2", "--", "sh", "-c", 'printf "ok 1\\nbad{ 2\\n" > "$MON_METRICS_FILE"; exit 4']);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/MON_METRICS_FILE \S+:2: /);
    const s = await scrape();
    expect(sample(s, "batch_job_exit_code", 'job="etl2"')).toBe(4);
    expect(sample(s, "ok", 'job="etl2"')).toBeUndefined();
  });

  test("--timeout: SIGTERM, then SIGKILL for a command that ignores it; exit 124", async () => {
    const r = await monJob(["run", `--gateway=${gw.base}`, "--job=stuck", "--timeout=1s", "--kill-after=1s", "--", "sh", "-c", "trap '' TERM; sleep 60"]);
    expect(r.code).toBe(124);
    expect(r.stderr).toContain("SIGKILL");
    const s = await scrape();
    expect(sample(s, "batch_job_success", 'job="stuck"')).toBe(0);
    expect(sample(s, "batch_job_exit_code", 'job="stuck"')).toBe(124);
  });

  test("--lock: an overlapping run does not start, exits 75 and pushes nothing", async () => {
    const recorder = startRecorder();
    try {
      const lock = join(dir, "job.lock");
      const gate = join(dir, "lock-gate");
      const started = join(dir, "lock-started");
      const first = monJob(["run", `--gateway=${recorder.url}`, "--job=locked", `--lock=${lock}`, "--", "sh", "-c", `touch ${started}; while [ ! -e ${gate} ]; do sleep 0.02; done`]);
      await waitForFile(started);
      // The first run's start push travels beside its command: wait for it, so that any later request is the second run's.
      for (let i = 0; i < 250 && recorder.requests.length === 0; i++) await Bun.sleep(20);
      const before = recorder.requests.length;
      expect(before).toBe(1);
      const second = await monJob(["run", `--gateway=${recorder.url}`, "--job=locked", `--lock=${lock}`, "--", "sh", "-c", "echo ran"]);
      expect(second.code).toBe(75);
      expect(second.stdout).toBe("");
      expect(second.stderr).toContain(`another run holds the lock ${lock}`);
      expect(recorder.requests.length).toBe(before);
      writeFileSync(gate, "");
      expect((await first).code).toBe(0);
      // The lock is free again.
      expect((await monJob(["run", `--gateway=${recorder.url}`, "--job=locked", `--lock=${lock}`, "--", "true"])).code).toBe(0);
    } finally {
      recorder.stop();
    }
  });

  test("a command that cannot start: 127 not found, 126 not executable, reported as failures", async () => {
    const notFound = await monJob(["run", `--gateway=${gw.base}`, "--job=missing", "--", "no-such-command-here"]);
    expect(notFound.code).toBe(127);
    expect(notFound.stderr).toContain("no-such-command-here: command not found");
    const file = join(dir, "not-executable.sh");
    writeFileSync(file, "#!/bin/sh\n", { mode: 0o644 });
    expect((await monJob(["run", `--gateway=${gw.base}`, "--job=noexec", "--", file])).code).toBe(126);
    const s = await scrape();
    expect(sample(s, "batch_job_exit_code", 'job="missing"')).toBe(127);
    expect(sample(s, "batch_job_success", 'job="noexec"')).toBe(0);
  });

  test("the gateway down, refusing or hanging: bounded time, a warning naming each URL, the command's exit code kept", async () => {
    // A gateway that drops every connection unanswered. It holds its port for
    // the whole test: a port closed beforehand could be taken by another
    // process meanwhile, and answer.
    const dropping = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { open: (socket) => void socket.end(), data: () => {} } });
    const down = `http://127.0.0.1:${dropping.port}`;
    const refusing = startRecorder(503);
    // Takes the request and never answers.
    const hanging = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Promise<Response>(() => {}) });
    const silent = `http://127.0.0.1:${hanging.port}`;
    try {
      const t0 = Date.now();
      const gateways = [`--gateway=${down}`, `--gateway=${refusing.url}`, `--gateway=${silent}`];
      const r = await monJob(["run", ...gateways, "--job=orphan", "--push.timeout=2s", "--", "sh", "-c", "sleep 0.5; exit 7"]);
      const elapsed = Date.now() - t0;
      expect(r.code).toBe(7);
      for (const url of [down, refusing.url, silent]) expect(r.stderr).toContain(`warning: end push failed: ${url}/metrics/job/orphan/instance/`);
      expect(r.stderr).toContain("HTTP 503");
      expect(r.stderr).toContain("no answer in time");
      // Retried with backoff, then given up: more than one attempt, far fewer than a tight loop.
      const ends = refusing.requests.filter((q) => q.body.includes("batch_job_exit_code"));
      expect(ends.length).toBeGreaterThan(1);
      expect(ends.length).toBeLessThan(10);
      // The end push has 2 s; the start push is cut off when the command ends. Generous slack for a loaded machine.
      expect(elapsed).toBeLessThan(15_000);
    } finally {
      refusing.stop();
      hanging.stop(true);
      dropping.stop(true);
    }
  });

  test("--textfile-dir: the file is served by mon exporter's textfile collector", async () => {
    const textfiles = join(dir, "textfile");
    mkdirSync(textfiles);
    expect((await monJob(["run", "--job=cleanup", "--instance=web1", "--", "true"], { env: { MON_TEXTFILE_DIR: textfiles } })).code).toBe(0);
    expect((await monJob(["run", `--textfile-dir=${textfiles}`, "--job=cleanup", "--instance=web1", "--", "false"])).code).toBe(1);
    const exporter = await spawnMon(["exporter", "--collector.disable-defaults", "--collector.textfile", `--collector.textfile.directory=${textfiles}`], {
      readyPath: "/",
    });
    try {
      const s = await (await fetch(`${exporter.base}/metrics`)).text();
      const sel = 'instance="web1",job="cleanup"';
      expect(sample(s, "batch_job_success", sel)).toBe(0);
      expect(sample(s, "batch_job_last_success_timestamp_seconds", sel)).toBeGreaterThan(0);
      expect(s).toContain("node_textfile_scrape_error 0");
    } finally {
      await exporter.stop();
    }
  });

  test("usage errors exit 2 and run nothing", async () => {
    const noCommand = await monJob(["run", `--gateway=${gw.base}`, "--job=x", "--"]);
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain("mon run: error: required argument");
    const noDestination = await monJob(["run", "--job=x", "--", "echo", "ran"]);
    expect(noDestination).toMatchObject({ code: 2, stdout: "" });
    expect(noDestination.stderr).toContain("nowhere to push");
    expect((await monJob(["run", `--gateway=${gw.base}`, "--job=x", "--no-such-flag", "--", "echo", "ran"])).code).toBe(2);
  });
});
