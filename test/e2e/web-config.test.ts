// End to end: dist/mon in both modes with --web.config.file turning on TLS
// (a self-signed certificate made here with openssl) and basic auth (a bcrypt
// hash made here with Bun.password.hash); and the gateway under
// systemd-socket-activate with --web.systemd-socket. Loopback only.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { commandMissing, skipWhenMissing } from "../support/requirements.ts";
import { LOOPBACK_ANY, listeningPorts, onFreePort } from "../support/server-port.ts";
import { MON_BINARY } from "../support/spawn-mon.ts";

const MON = MON_BINARY;
const runnable = !skipWhenMissing("web config e2e (makes its certificate with openssl)", commandMissing("openssl", "apt-get install openssl"));
const haveActivate = !skipWhenMissing(
  "systemd socket e2e",
  commandMissing("systemd-socket-activate", "apt-get install systemd"),
);

const dir = mkdtempSync(join(tmpdir(), "mon-web-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let ca = "";
const configFile = join(dir, "web.yml");
if (runnable) {
  const r = Bun.spawnSync(
    ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
      .concat(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", "server.key", "-out", "server.crt"]),
    { cwd: dir, stdout: "pipe", stderr: "pipe" },
  );
  if (r.exitCode !== 0) throw new Error(`openssl failed: ${r.stderr.toString()}`);
  ca = readFileSync(join(dir, "server.crt"), "utf8");
  const hash = await Bun.password.hash("s3cret", { algorithm: "bcrypt", cost: 5 });
  // Relative names: resolved against the config file's folder, not the cwd.
  writeFileSync(
    configFile,
    `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\nbasic_auth_users:\n  alice: ${hash}\n`,
  );
}

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString("base64")}`;
const GOOD = basic("alice:s3cret");

function get(url: string, auth?: string): Promise<Response> {
  return fetch(url, { headers: auth ? { Authorization: auth } : {}, tls: { ca } });
}

async function waitUntilServing(proc: Subprocess, url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const res = await get(url, GOOD);
      await res.arrayBuffer();
      return;
    } catch {
      if (proc.exitCode !== null || Date.now() > deadline) {
        const err = await new Response(proc.stderr as ReadableStream).text();
        proc.kill("SIGKILL");
        throw new Error(`dist/mon did not start (exit ${proc.exitCode}): ${err}`);
      }
      await Bun.sleep(20);
    }
  }
}

async function stop(proc: Subprocess): Promise<number> {
  proc.kill("SIGTERM");
  return await proc.exited;
}

const MODES: [string, string[], string, string][] = [
  ["exporter", ["exporter", "--collector.disable-defaults", "--collector.loadavg"], "/metrics", "node_load1"],
  ["gateway", ["gateway"], "/metrics", "pushgateway_build_info"],
];

describe.skipIf(!runnable).each(MODES)("mon %s with TLS and basic auth", (_mode, args, path, metric) => {
  let proc: Subprocess<"ignore", "pipe", "pipe">;
  let port = 0;
  const url = () => `https://127.0.0.1:${port}${path}`;

  beforeAll(async () => {
    proc = Bun.spawn([MON, ...args, `--web.listen-address=${LOOPBACK_ANY}`, `--web.config.file=${configFile}`], {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    [port] = await listeningPorts(proc, { what: `dist/mon ${args[0]}` });
    await waitUntilServing(proc, url());
  });

  const rows: [string, string | undefined, number][] = [
    ["no credentials: 401", undefined, 401],
    ["a wrong password: 401", basic("alice:wrong"), 401],
    ["an unknown user: 401", basic("bob:s3cret"), 401],
    ["good credentials: 200", GOOD, 200],
  ];
  test.each(rows)("over https, %s", async (_name, auth, status) => {
    const res = await get(url(), auth);
    const body = await res.text();
    expect(res.status).toBe(status);
    expect(res.headers.get("X-Frame-Options")).toBe("deny");
    if (status === 401) expect(res.headers.get("WWW-Authenticate")).toBe("Basic");
    else expect(body).toContain(metric);
  });

  test("the landing page asks for credentials too", async () => {
    const res = await get(`https://127.0.0.1:${port}/`);
    await res.arrayBuffer();
    expect(res.status).toBe(401);
  });

  test("plain http gets no metrics", async () => {
    let status = 0;
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: GOOD } });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = -1;
    }
    expect(status).not.toBe(200);
  });

  test("logs that TLS is on and stops cleanly", async () => {
    const code = await stop(proc);
    const log = await new Response(proc.stderr).text();
    expect([code, log.includes('msg="TLS is enabled."')]).toEqual([0, true]);
  });
});

describe.skipIf(!runnable).each(MODES)("mon %s with a bad web config file", (_mode, args) => {
  test("exits 1 naming the file and the setting", async () => {
    const bad = join(dir, "bad.yml");
    writeFileSync(bad, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: VerifyClientCertIfGiven\n");
    const proc = Bun.spawn([MON, ...args, `--web.listen-address=${LOOPBACK_ANY}`, `--web.config.file=${bad}`], {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const code = await proc.exited;
    const log = await new Response(proc.stderr).text();
    expect(code).toBe(1);
    expect(log).toContain(`web config file ${bad}: tls_server_config.client_auth_type: VerifyClientCertIfGiven is not supported`);
  });
});

describe.skipIf(!runnable || !haveActivate)("mon gateway --web.systemd-socket under systemd-socket-activate", () => {
  test("serves https with basic auth on the inherited socket, and pushes round-trip", async () => {
    // systemd-socket-activate refuses port 0: retry when the port was taken.
    const { proc, port } = await onFreePort(async (port) => {
      const proc = Bun.spawn(
        ["systemd-socket-activate", "-l", `127.0.0.1:${port}`, MON, "gateway", "--web.systemd-socket", `--web.config.file=${configFile}`],
        { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
      );
      await listeningPorts(proc, { what: `systemd-socket-activate on 127.0.0.1:${port}` });
      await waitUntilServing(proc, `https://127.0.0.1:${port}/-/ready`);
      return { proc, port };
    });
    const base = `https://127.0.0.1:${port}`;
    try {
      const denied = await get(`${base}/-/ready`);
      await denied.arrayBuffer();
      const push = await fetch(`${base}/metrics/job/e2e`, {
        method: "PUT",
        body: "web_e2e_total 7\n",
        headers: { Authorization: GOOD },
        tls: { ca },
      });
      await push.arrayBuffer();
      const scrape = await (await get(`${base}/metrics`, GOOD)).text();
      expect([denied.status, push.status, scrape.includes('web_e2e_total{instance="",job="e2e"} 7')]).toEqual([401, 200, true]);
    } finally {
      const code = await stop(proc);
      const log = await new Response(proc.stderr).text();
      expect([code, log.includes('address="systemd socket fd 3"')]).toEqual([0, true]);
    }
  });
});
