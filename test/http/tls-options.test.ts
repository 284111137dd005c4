// serveTlsOptions: refusals as table rows, and what the options do to a real
// loopback Bun.serve, probed with `openssl s_client`. Certificates are made
// with openssl in a temp folder; without openssl these tests skip (fail in CI).

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveTlsOptions } from "../../src/http/tls-options.ts";
import { TLS12_CIPHER_SUITES, type TlsServerConfig, parseWebConfig } from "../../src/http/web-config.ts";
import { commandMissing, skipWhenMissing } from "../support/requirements.ts";

const haveOpenssl = !skipWhenMissing("TLS option tests", commandMissing("openssl", "apt-get install openssl"));

const dir = mkdtempSync(join(tmpdir(), "mon-tls-options-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): { code: number; out: string } {
  const r = Bun.spawnSync(["openssl", ...args], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: r.stdout.toString() + r.stderr.toString() };
}

if (haveOpenssl) {
  const subj = (cn: string) => ["-subj", `/CN=${cn}`, "-days", "1", "-nodes", "-newkey", "rsa:2048"];
  openssl(["req", "-x509", ...subj("localhost"), "-keyout", "server.key", "-out", "server.crt"]);
  openssl(["req", "-x509", ...subj("other"), "-keyout", "other.key", "-out", "other.crt"]);
  openssl(["req", "-x509", ...subj("test-ca"), "-keyout", "ca.key", "-out", "ca.crt"]);
  openssl(["req", ...subj("client"), "-keyout", "client.key", "-out", "client.csr"]);
  openssl(["x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", "1"]);
}

function tlsSection(extra: string): TlsServerConfig {
  const yaml = `tls_server_config:\n  cert_file: ${join(dir, "server.crt")}\n  key_file: ${join(dir, "server.key")}\n${extra}`;
  return parseWebConfig(yaml).tls;
}

describe.skipIf(!haveOpenssl)("serveTlsOptions refuses", () => {
  const rows: [string, string, string][] = [
    ["min_version TLS10", "  min_version: TLS10\n", "tls_server_config.min_version: TLS10 is not supported by mon"],
    ["max_version TLS11", "  max_version: TLS11\n", "tls_server_config.max_version: TLS11 is not supported by mon"],
    ["min above max", "  min_version: TLS13\n  max_version: TLS12\n", "min_version: TLS13 is above max_version TLS12"],
    ["RequireAnyClientCert", "  client_auth_type: RequireAnyClientCert\n", "client_auth_type: RequireAnyClientCert is not supported"],
    ["RequireClientCert", "  client_auth_type: RequireClientCert\n", "client_auth_type: RequireClientCert is not supported"],
    ["VerifyClientCertIfGiven", "  client_auth_type: VerifyClientCertIfGiven\n", "VerifyClientCertIfGiven is not supported"],
    [
      "client_allowed_sans",
      "  client_auth_type: RequireAndVerifyClientCert\n  client_allowed_sans: [client]\n",
      "tls_server_config.client_allowed_sans: is not supported by mon",
    ],
    [
      "TLS 1.3 suites only with max TLS12",
      "  max_version: TLS12\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n",
      "cipher_suites: lists no TLS 1.2 cipher suite but max_version is TLS12",
    ],
  ];
  test.each(rows)("%s", (_name, extra, want) => {
    expect(() => serveTlsOptions(tlsSection(extra), true)).toThrow(want);
  });

  test("a missing cert file, naming the field and the path", () => {
    const t = { ...tlsSection(""), certFile: join(dir, "absent.crt") };
    expect(() => serveTlsOptions(t, true)).toThrow(`tls_server_config.cert_file: cannot read ${join(dir, "absent.crt")}`);
  });

  test("a key that does not belong to the certificate", () => {
    const t = { ...tlsSection(""), keyFile: join(dir, "other.key") };
    expect(() => serveTlsOptions(t, true)).toThrow("the private key does not match the certificate");
  });

  test("a certificate file that is not PEM", () => {
    writeFileSync(join(dir, "junk.crt"), "junk\n");
    const t = { ...tlsSection(""), certFile: join(dir, "junk.crt") };
    expect(() => serveTlsOptions(t, true)).toThrow("tls_server_config.cert: not a PEM certificate");
  });
});

describe("serveTlsOptions without TLS", () => {
  test("is undefined when the section turns nothing on", () => {
    expect(serveTlsOptions(parseWebConfig("").tls, true)).toBeUndefined();
  });
});

/**
 * Runs s_client against a server made from `extra` and fetches / through it;
 * true when the server answered. Async: the server runs on this event loop.
 */
async function handshake(extra: string, clientArgs: string[]): Promise<boolean> {
  const opts = serveTlsOptions(tlsSection(extra), false);
  if (!opts) throw new Error("TLS not enabled");
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: opts.tls, fetch: () => new Response("served") });
  try {
    const proc = Bun.spawn(["openssl", "s_client", "-ign_eof", "-connect", `127.0.0.1:${server.port}`, ...clientArgs], {
      cwd: dir,
      stdin: Buffer.from("GET / HTTP/1.0\r\n\r\n"),
      stdout: "pipe",
      stderr: "pipe",
    });
    const out = await new Response(proc.stdout).text();
    await proc.exited;
    return out.includes("served");
  } finally {
    server.stop(true);
  }
}

describe.skipIf(!haveOpenssl)("serveTlsOptions on a live loopback server", () => {
  const clientCert = ["-cert", join(dir, "client.crt"), "-key", join(dir, "client.key")];
  const otherCert = ["-cert", join(dir, "other.crt"), "-key", join(dir, "other.key")];
  const verify = `  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${join(dir, "ca.crt")}\n`;
  const rows: [string, string, string[], boolean][] = [
    ["defaults speak TLS 1.2", "", ["-tls1_2"], true],
    ["defaults speak TLS 1.3", "", ["-tls1_3"], true],
    ["min TLS13 refuses TLS 1.2", "  min_version: TLS13\n", ["-tls1_2"], false],
    ["min TLS13 speaks TLS 1.3", "  min_version: TLS13\n", ["-tls1_3"], true],
    ["max TLS12 refuses TLS 1.3", "  max_version: TLS12\n", ["-tls1_3"], false],
    [
      "a cipher outside the list is refused",
      "  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n",
      ["-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"],
      false,
    ],
    [
      "a cipher in the list is used",
      "  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n",
      ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"],
      true,
    ],
    ["TLS 1.3 suites only switch TLS 1.2 off", "  cipher_suites: [TLS_AES_128_GCM_SHA256]\n", ["-tls1_2"], false],
    ["a curve outside the list is refused", "  curve_preferences: [CurveP384]\n", ["-tls1_3", "-groups", "X25519"], false],
    ["a curve in the list is used", "  curve_preferences: [CurveP384]\n", ["-tls1_3", "-groups", "P-384"], true],
    ["verified client auth refuses a client without a certificate", verify, ["-tls1_2"], false],
    ["verified client auth refuses a certificate from another CA", verify, ["-tls1_2", ...otherCert], false],
    ["verified client auth takes a certificate from the CA", verify, ["-tls1_2", ...clientCert], true],
    ["RequestClientCert takes a client without a certificate", "  client_auth_type: RequestClientCert\n", ["-tls1_2"], true],
  ];
  test.each(rows)("%s", async (_name, extra, args, ok) => {
    expect(await handshake(extra, args)).toBe(ok);
  });

  test("every TLS 1.2 cipher name upstream accepts is one BoringSSL knows", () => {
    // The list itself, not a copy: these are the names tls-options hands to
    // BoringSSL as they are, so a name added there is checked here too.
    const names = TLS12_CIPHER_SUITES;
    const started = names.filter((name) => {
      const opts = serveTlsOptions(tlsSection(`  cipher_suites: [${name}]\n`), false);
      try {
        Bun.serve({ hostname: "127.0.0.1", port: 0, tls: opts?.tls, fetch: () => new Response() }).stop(true);
        return true;
      } catch {
        return false;
      }
    });
    expect(started).toEqual(names);
  });
});
