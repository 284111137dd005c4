// End to end: dist/mon push against a real dist/mon gateway and against an
// in-process recorder that counts what arrives.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { skipWhenMissing } from "../support/requirements.ts";
import { LOOPBACK_ANY, spawnServer } from "../support/server-port.ts";
import { MON_BINARY, type RunningMon, binaryPresent, spawnMon } from "../support/spawn-mon.ts";
import { monJob, startRecorder, type Recorder } from "../support/job-client.ts";

const skip = skipWhenMissing("mon push e2e", binaryPresent() ? undefined : `${MON_BINARY} is missing (npx bun compile.ts)`);

describe.skipIf(skip)("mon push", () => {
  const dir = mkdtempSync(join(tmpdir(), "mon-push-e2e-"));
  let gw: RunningMon;
  let recorder: Recorder;
  beforeAll(async () => {
    gw = await spawnMon(["gateway"], { readyPath: "/-/ready" });
    recorder = startRecorder();
  });
  afterAll(async () => {
    await gw?.stop();
    recorder?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a malformed body exits 2 with file:line and sends nothing", async () => {
    const file = join(dir, "bad.prom");
    writeFileSync(file, "# TYPE ok gauge\nok 1\nbroken{ 2\n");
    const r = await monJob(["push", `--gateway=${recorder.url}`, "--job=j", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3: `);
    expect(r.stderr).toContain("nothing was sent");
    expect(recorder.requests).toEqual([]);
  });

  test("a body without # TYPE is refused unless --default-type is given", async () => {
    const refused = await monJob(["push", `--gateway=${gw.base}`, "--job=untyped"], { stdin: "records 5\n" });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("<stdin>:1: metric records has no # TYPE line");
    const ok = await monJob(["push", `--gateway=${gw.base}`, "--job=untyped", "--default-type=gauge", "-"], { stdin: "records 5\n" });
    expect(ok.code).toBe(0);
    const scrape = await (await fetch(`${gw.base}/metrics`)).text();
    expect(scrape).toContain("# TYPE records gauge");
  });

  test("PUT, POST (--add) and DELETE reach the gateway under the grouping key", async () => {
    const key = ["--job=nightly", "--instance=", "--label=path=/srv/data"];
    expect((await monJob(["push", `--gateway=${gw.base}`, ...key, "--metric=a=1", "--metric=b=2"])).code).toBe(0);
    expect((await monJob(["push", `--gateway=${gw.base}`, ...key, "--add", "--metric=a=3"])).code).toBe(0);
    let scrape = await (await fetch(`${gw.base}/metrics`)).text();
    expect(scrape).toContain('a{instance="",job="nightly",path="/srv/data"} 3');
    expect(scrape).toContain('b{instance="",job="nightly",path="/srv/data"} 2');
    expect((await monJob(["push", `--gateway=${gw.base}`, ...key, "--delete"])).code).toBe(0);
    scrape = await (await fetch(`${gw.base}/metrics`)).text();
    expect(scrape).not.toContain('job="nightly"');
  });

  test("a refusal exits 1 with the gateway's message", async () => {
    // The same name with another type in another group: the gateway's consistency check refuses it.
    expect((await monJob(["push", `--gateway=${gw.base}`, "--job=clash1", "--metric=x=1"])).code).toBe(0);
    const r = await monJob(["push", `--gateway=${gw.base}`, "--job=clash", "--default-type=counter", "-"], { stdin: "x 2\n" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${gw.base}/metrics/job/clash/instance/`);
    expect(r.stderr).toContain("HTTP 400");
  });

  test("usage errors exit 2", async () => {
    expect((await monJob(["push", "--job=j", "--metric=a=1"], { env: { MON_GATEWAY: "" } })).code).toBe(2);
    expect((await monJob(["push", `--gateway=${gw.base}`, "--metric=a=1"])).code).toBe(2);
    expect((await monJob(["push", "--gateway=ftp://x", "--job=j", "--metric=a=1"])).code).toBe(2);
  });

  test("--http.config.file: basic auth with password_file and tls_config with ca_file against a TLS gateway", async () => {
    const openssl = Bun.which("openssl");
    if (skipWhenMissing("mon push over TLS", openssl ? undefined : "openssl not installed (apt-get install openssl), needed to make a test certificate")) return;
    const made = Bun.spawnSync(
      [openssl as string, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"].concat([
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.crt",
      ]),
      { cwd: dir, stdout: "pipe", stderr: "pipe" },
    );
    expect(made.exitCode).toBe(0);
    const hash = await Bun.password.hash("s3cret", { algorithm: "bcrypt", cost: 4 });
    writeFileSync(join(dir, "web.yml"), `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  cron: ${hash}\n`);
    writeFileSync(join(dir, "password"), "s3cret\n");
    writeFileSync(join(dir, "auth-only.yml"), "basic_auth:\n  username: cron\n  password_file: password\n");
    writeFileSync(join(dir, "http.yml"), "basic_auth:\n  username: cron\n  password_file: password\ntls_config:\n  ca_file: server.crt\n");
    // No readiness probe: plain HTTP gets no answer from a TLS listener; listening is enough.
    const secured = await spawnServer([MON_BINARY, "gateway", `--web.config.file=${join(dir, "web.yml")}`, `--web.listen-address=${LOOPBACK_ANY}`], {
      what: "dist/mon gateway with TLS and basic auth",
    });
    try {
      const url = `https://127.0.0.1:${secured.port}`;
      const untrusted = await monJob(["push", `--gateway=${url}`, "--job=auth", "--metric=a=1", "--push.timeout=3s", `--http.config.file=${join(dir, "auth-only.yml")}`]);
      expect(untrusted.stderr).toContain("self signed certificate");
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toContain(`${url}/metrics/job/auth/instance/`);
      writeFileSync(join(dir, "no-auth.yml"), "tls_config:\n  ca_file: server.crt\n");
      const denied = await monJob(["push", `--gateway=${url}`, "--job=auth", "--metric=a=1", `--http.config.file=${join(dir, "no-auth.yml")}`]);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain("HTTP 401");
      const ok = await monJob(["push", `--gateway=${url}`, "--job=auth", "--metric=a=1", `--http.config.file=${join(dir, "http.yml")}`]);
      expect(ok).toMatchObject({ code: 0, stderr: "" });
    } finally {
      await secured.stop();
    }
  });

  test("MON_GATEWAY stands in for --gateway", async () => {
    const r = await monJob(["push", "--job=fromenv", "--metric=e=1"], { env: { MON_GATEWAY: gw.base } });
    expect(r.code).toBe(0);
    expect(await (await fetch(`${gw.base}/metrics`)).text()).toContain('e{instance=');
  });
});
