import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkBcryptHash, loadWebConfig, parseWebConfig, tlsEnabled } from "../../src/http/web-config.ts";

// A syntactically valid bcrypt hash (cost 10); its password does not matter here.
const HASH = "$2y$10$Y7sT0nQ2cH9dD8vB0a1W3uGk3Jm5o6p7q8r9s0t1u2v3w4x5y6z7A";

describe("parseWebConfig accepts", () => {
  const rows: [string, string, (c: ReturnType<typeof parseWebConfig>) => unknown, unknown][] = [
    ["an empty file", "", (c) => [tlsEnabled(c.tls), c.users.size, c.http.http2], [false, 0, true]],
    ["a comment only", "# nothing\n", (c) => tlsEnabled(c.tls), false],
    ["null sections", "tls_server_config:\nhttp_server_config:\nbasic_auth_users:\n", (c) => tlsEnabled(c.tls), false],
    [
      "cert and key files",
      "tls_server_config:\n  cert_file: s.crt\n  key_file: s.key\n",
      (c) => [tlsEnabled(c.tls), c.tls.certFile, c.tls.keyFile, c.tls.minVersion, c.tls.maxVersion],
      [true, "s.crt", "s.key", "TLS12", "TLS13"],
    ],
    [
      "inline cert and key",
      "tls_server_config:\n  cert: |\n    PEM\n  key: KEY\n",
      (c) => [c.tls.cert, c.tls.key],
      ["PEM\n", "KEY"],
    ],
    [
      "versions, ciphers and curves",
      "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS13\n  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n  curve_preferences: [X25519, CurveP256]\n  prefer_server_cipher_suites: false\n",
      (c) => [c.tls.minVersion, c.tls.cipherSuites, c.tls.curvePreferences, c.tls.preferServerCipherSuites],
      ["TLS13", ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"], ["X25519", "CurveP256"], false],
    ],
    [
      "client auth with a CA",
      "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.pem\n",
      (c) => [c.tls.clientAuthType, c.tls.clientCaFile],
      ["RequireAndVerifyClientCert", "ca.pem"],
    ],
    ["http2 off", "http_server_config:\n  http2: false\n", (c) => c.http.http2, false],
    ["http2 as a YAML 1.1 boolean", "http_server_config:\n  http2: no\n", (c) => c.http.http2, false],
    [
      "allowed headers",
      "http_server_config:\n  headers:\n    X-Frame-Options: deny\n    Strict-Transport-Security: max-age=31536000\n",
      (c) => c.http.headers,
      { "X-Frame-Options": "deny", "Strict-Transport-Security": "max-age=31536000" },
    ],
    ["users", `basic_auth_users:\n  alice: ${HASH}\n  bob: '${HASH}'\n`, (c) => [...c.users.keys()], ["alice", "bob"]],
  ];
  test.each(rows)("%s", (_name, text, pick, want) => {
    expect(pick(parseWebConfig(text))).toEqual(want);
  });
});

describe("parseWebConfig refuses", () => {
  const rows: [string, string, string][] = [
    ["bad YAML", "tls_server_config: [\n", "invalid YAML"],
    ["a list at the top", "- a\n", "want a mapping at the top level"],
    ["an unknown top-level field", "tls_config:\n  cert_file: a\n", 'unknown field "tls_config"'],
    ["an unknown TLS field", "tls_server_config:\n  certfile: a\n", 'tls_server_config: unknown field "certfile"'],
    ["an unknown http field", "http_server_config:\n  http3: true\n", 'http_server_config: unknown field "http3"'],
    ["a cert without a key", "tls_server_config:\n  cert_file: a\n", "missing one of key or key_file"],
    ["a key without a cert", "tls_server_config:\n  key_file: a\n", "missing one of cert or cert_file"],
    ["client auth alone", "tls_server_config:\n  client_auth_type: RequireAndVerifyClientCert\n", "missing one of cert or cert_file"],
    [
      "an unknown client auth type",
      "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Always\n",
      'tls_server_config.client_auth_type: unknown client_auth_type "Always"',
    ],
    [
      "a client CA without client auth",
      "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: ca.pem\n",
      "a client CA is configured without a client auth policy",
    ],
    ["an unknown TLS version", "tls_server_config:\n  min_version: TLS14\n", 'tls_server_config.min_version: unknown TLS version "TLS14"'],
    [
      "an unknown cipher",
      "tls_server_config:\n  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n",
      'tls_server_config.cipher_suites[0]: unknown cipher "TLS_RSA_WITH_RC4_128_SHA"',
    ],
    ["an unknown curve", "tls_server_config:\n  curve_preferences: [P-256]\n", 'tls_server_config.curve_preferences[0]: unknown curve "P-256"'],
    ["cipher_suites not a list", "tls_server_config:\n  cipher_suites: TLS_AES_128_GCM_SHA256\n", "cipher_suites: want a list"],
    ["http2 not a boolean", "http_server_config:\n  http2: maybe\n", "http_server_config.http2: want true or false"],
    ["a header that cannot be set", "http_server_config:\n  headers:\n    X-Powered-By: mon\n", 'HTTP header "X-Powered-By" can not be configured'],
    ["a bad header value", "http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n", 'invalid value "sniff" (want one of nosniff)'],
    ["users as a list", "basic_auth_users:\n  - alice\n", "basic_auth_users: want a mapping"],
    ["a plain-text password", "basic_auth_users:\n  alice: hunter2\n", "basic_auth_users.alice: too short to be a bcrypt hash"],
    ["a user with a nested value", "basic_auth_users:\n  alice: {a: 1}\n", "basic_auth_users.alice: want a string"],
  ];
  test.each(rows)("%s", (_name, text, want) => {
    expect(() => parseWebConfig(text)).toThrow(want);
  });

  test("a bad hash never appears in the message", () => {
    const secret = `$2y$99$${"x".repeat(53)}`;
    let message = "";
    try {
      parseWebConfig(`basic_auth_users:\n  alice: '${secret}'\n`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe("basic_auth_users.alice: bcrypt cost 99 is outside 4..31");
  });
});

describe("checkBcryptHash", () => {
  const rows: [string, string, string | undefined][] = [
    ["2y cost 10", HASH, undefined],
    ["2a", HASH.replace("$2y$", "$2a$"), undefined],
    ["2b", HASH.replace("$2y$", "$2b$"), undefined],
    ["no minor letter", `$2$10$${"a".repeat(54)}`, undefined],
    ["too short", "$2y$10$abc", "too short to be a bcrypt hash"],
    ["no dollar", `x${HASH.slice(1)}`, "not a bcrypt hash (want $2y$<cost>$...)"],
    ["version 3", HASH.replace("$2y$", "$3y$"), "bcrypt version 3 is too new"],
    ["cost 03", HASH.replace("$10$", "$03$"), "bcrypt cost 3 is outside 4..31"],
    ["cost 32", HASH.replace("$10$", "$32$"), "bcrypt cost 32 is outside 4..31"],
  ];
  test.each(rows)("%s", (_name, hash, want) => {
    expect(checkBcryptHash(hash)).toBe(want);
  });
});

describe("loadWebConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "mon-web-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("anchors relative file names at the file's folder and keeps absolute ones", () => {
    const file = join(dir, "web.yml");
    writeFileSync(file, "tls_server_config:\n  cert_file: certs/s.crt\n  key_file: /etc/s.key\n");
    const c = loadWebConfig(file);
    expect([c.tls.certFile, c.tls.keyFile]).toEqual([join(dir, "certs/s.crt"), "/etc/s.key"]);
  });

  test("names the file when it is missing", () => {
    const file = join(dir, "absent.yml");
    expect(() => loadWebConfig(file)).toThrow(`web config file ${file}: ENOENT`);
  });

  test("names the file and the field when the content is bad", () => {
    const file = join(dir, "bad.yml");
    writeFileSync(file, "tls_server_config:\n  nope: 1\n");
    expect(() => loadWebConfig(file)).toThrow(`web config file ${file}: tls_server_config: unknown field "nope"`);
  });
});
