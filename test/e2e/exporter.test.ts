// dist/mon exporter as an operator meets it: start-up line, several listen
// addresses, SIGTERM, exit codes for bad flags and a taken port.

import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS } from "../../src/main.ts";
import { LOOPBACK_ANY, spawnServer } from "../support/server-port.ts";
import { MON_BINARY } from "../support/spawn-mon.ts";

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = Bun.spawnSync([MON_BINARY, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describe("mon exporter, end to end", () => {
  test("serves on every --web.listen-address, logs them at start, exits 0 on SIGTERM", async () => {
    const mon = await spawnServer(
      [MON_BINARY, "exporter", `--web.listen-address=${LOOPBACK_ANY}`, `--web.listen-address=${LOOPBACK_ANY}`, "--collector.disable-defaults", "--collector.loadavg"],
      { what: "dist/mon exporter", ports: 2 },
    );
    expect(mon.ports).toHaveLength(2);
    for (const port of mon.ports) {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("node_load1 ");
    }
    expect(await mon.stop("SIGTERM")).toBe(0);
    const log = await mon.log();
    expect(log).toMatch(/level=info msg="Starting mon exporter" version=\S+/);
    for (const port of mon.ports) expect(log).toContain(`address=127.0.0.1:${port}`);
  });

  // The settings only work when read at process start, so the binary
  // restarts itself with them (restartWithRuntimeEnvironment in src/main.ts).
  test("runs with the exporter's runtime environment, where an operator's own value wins", async () => {
    const wanted = COMMANDS.find((c) => c.name === "exporter")?.runtimeEnvironment ?? {};
    expect(Object.keys(wanted)).toContain("MIMALLOC_PURGE_DELAY");
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in wanted))) as Record<string, string>;
    const mon = await spawnServer(
      [MON_BINARY, "exporter", `--web.listen-address=${LOOPBACK_ANY}`, "--collector.disable-defaults", "--collector.loadavg"],
      { what: "dist/mon exporter", env: { ...inherited, MIMALLOC_PURGE_DELAY: "250" } },
    );
    try {
      const environ = readFileSync(`/proc/${mon.proc.pid}/environ`, "utf8").split("\0");
      for (const [k, v] of Object.entries(wanted)) expect(environ).toContain(`${k}=${k === "MIMALLOC_PURGE_DELAY" ? "250" : v}`);
    } finally {
      expect(await mon.stop("SIGTERM")).toBe(0);
    }
  });

  test("a FIFO named x.prom in the textfile directory neither hangs the scrape nor SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mon-e2e-textfile-"));
    try {
      writeFileSync(join(dir, "job.prom"), "job_ok 1\n");
      expect(Bun.spawnSync(["mkfifo", join(dir, "x.prom")]).exitCode).toBe(0);
      const mon = await spawnServer(
        [MON_BINARY, "exporter", `--web.listen-address=${LOOPBACK_ANY}`, "--collector.disable-defaults", "--collector.textfile", `--collector.textfile.directory=${dir}`],
        { what: "dist/mon exporter" },
      );
      const body = await (await fetch(`http://127.0.0.1:${mon.port}/metrics`)).text();
      expect(body).toContain("job_ok 1\n");
      expect(body).toContain("node_textfile_scrape_error 1\n");
      expect(await mon.stop("SIGTERM")).toBe(0);
      expect(await mon.log()).toContain("is not a regular file");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a taken port exits 1 and says so as the README quotes it", async () => {
    const holder = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("taken") });
    try {
      const r = run(["exporter", `--web.listen-address=127.0.0.1:${holder.port}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${holder.port}: Failed to start server. Is port ${holder.port} in use?`);
    } finally {
      holder.stop(true);
    }
  });

  const cli: [string, string[], number, RegExp][] = [
    ["--version", ["exporter", "--version"], 0, /^mon, version \S+ \(branch: \S+, revision: \S+\)/],
    ["--help lists collector flags", ["exporter", "--help"], 0, /--\[no-\]collector\.systemd/],
    ["unknown flag", ["exporter", "--no-such-flag"], 1, /^mon exporter: error: unknown long flag '--no-such-flag', try --help\n$/],
    ["bad flag value", ["exporter", "--web.max-requests=many"], 1, /invalid integer value 'many'/],
    ["stray argument, refused as node_exporter refuses it", ["exporter", "stray-arg"], 1, /^mon exporter: error: unexpected stray-arg, try --help\n$/],
    ["deprecated ntp collector", ["exporter", "--collector.ntp"], 1, /ntp collector is deprecated upstream/],
    ["gateway stray argument", ["gateway", "stray-arg"], 1, /^mon gateway: error: unexpected stray-arg, try --help\n$/],
    ["mon version", ["version"], 0, /^mon, version \S+ \(branch: \S+, revision: \S+\)/],
    ["mon --version", ["--version"], 0, /^mon, version \S+ \(branch: \S+, revision: \S+\)/],
    ["mon help lists the commands", ["help"], 0, /^usage: mon <command>[^]*\n  exporter +Expose host metrics[^]*\n  gateway +Accept pushed metrics/],
    ["mon help gateway", ["help", "gateway"], 0, /^usage: mon gateway \[<flags>\] \[import-pushgateway <file>\]\n[^]*--persistence\.file/],
    ["mon without a command", [], 1, /mon: error: command not specified, try --help\n$/],
    ["an unknown command", ["exprter"], 1, /^mon: error: expected command but got "exprter", try --help\n$/],
  ];
  const helps: [string, string[]][] = [["mon exporter", ["exporter"]], ["mon gateway", ["gateway"]], ["mon", []]];
  test.each(helps)("%s --help into a pipe: 80 columns, no colour codes", (_name, mode) => {
    const env: Record<string, string> = { ...process.env, NO_COLOR: "1" } as Record<string, string>;
    delete env.COLUMNS;
    const r = Bun.spawnSync([MON_BINARY, ...mode, "--help"], { stdout: "pipe", stderr: "pipe", env });
    expect(r.exitCode).toBe(0);
    const help = r.stdout.toString();
    expect(help).toStartWith(`usage: mon ${mode[0] ?? "<command>"}`);
    expect(help).not.toContain("\x1b");
    expect(help.split("\nExamples:\n")[0].split("\n").filter((l) => l.length > 80)).toEqual([]);
  });

  test.each(cli)("%s", (_name, args, code, output) => {
    const r = run(args);
    expect(r.code).toBe(code);
    expect(r.stdout + r.stderr).toMatch(output);
  });
});
