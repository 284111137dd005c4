// dist/mon exporter as an operator meets it: start-up line, several listen
// addresses, SIGTERM, exit codes for bad flags and a taken port.

import { describe, expect, test } from "bun:test";
import { MON_BINARY, binaryPresent, freePort } from "../support/spawn-mon.ts";

const skipReason = binaryPresent() ? undefined : "dist/mon not built (npm run build)";
if (skipReason) console.warn(`SKIPPED exporter e2e test: ${skipReason}`);

async function waitFor(url: string): Promise<Response> {
  for (let i = 0; ; i++) {
    try {
      return await fetch(url);
    } catch (err) {
      if (i > 400) throw err;
      await Bun.sleep(25);
    }
  }
}

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = Bun.spawnSync([MON_BINARY, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describe.skipIf(skipReason !== undefined)("mon exporter, end to end", () => {
  test("serves on every --web.listen-address, logs them at start, exits 0 on SIGTERM", async () => {
    const [a, b] = [freePort(), freePort()];
    const proc = Bun.spawn(
      [MON_BINARY, "exporter", `--web.listen-address=127.0.0.1:${a}`, `--web.listen-address=127.0.0.1:${b}`, "--collector.disable-defaults", "--collector.loadavg"],
      { stdout: "ignore", stderr: "pipe" },
    );
    for (const port of [a, b]) {
      const res = await waitFor(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("node_load1 ");
    }
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    const log = await new Response(proc.stderr).text();
    expect(log).toMatch(/level=info msg="Starting mon exporter" version=\S+/);
    expect(log).toContain(`127.0.0.1:${a}`);
    expect(log).toContain(`127.0.0.1:${b}`);
  });

  test("a taken port exits 1 and says so as the README quotes it", async () => {
    const port = freePort();
    const holder = Bun.serve({ hostname: "127.0.0.1", port, fetch: () => new Response("taken") });
    try {
      const r = run(["exporter", `--web.listen-address=127.0.0.1:${port}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}: Failed to start server. Is port ${port} in use?`);
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
    ["mon help gateway", ["help", "gateway"], 0, /^usage: mon gateway \[<flags>\]\n[^]*--persistence\.file/],
    ["mon without a command", [], 1, /mon: error: command not specified, try --help\n$/],
    ["an unknown command", ["exprter"], 1, /^mon: error: expected command but got "exprter", try --help\n$/],
  ];
  test.each(cli)("%s", (_name, args, code, output) => {
    const r = run(args);
    expect(r.code).toBe(code);
    expect(r.stdout + r.stderr).toMatch(output);
  });
});
