import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientOptions, loadHttpClientConfig, parseHttpClientConfig } from "../../src/job/http-client-config.ts";

const dir = mkdtempSync(join(tmpdir(), "mon-http-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("parseHttpClientConfig", () => {
  test("an empty file is no auth, no TLS settings", () => {
    expect(clientOptions(parseHttpClientConfig(""), dir)).toEqual({ headers: {}, tls: undefined, redirect: "follow" });
  });
  test("unknown and unsupported fields are refused by name", () => {
    expect(() => parseHttpClientConfig("basic_auth:\n  user: x\n")).toThrow('basic_auth: unknown field "user"');
    expect(() => parseHttpClientConfig("nope: 1\n")).toThrow('unknown field "nope"');
    expect(() => parseHttpClientConfig("proxy_url: http://p\n")).toThrow("proxy_url: not supported by mon");
    expect(() => parseHttpClientConfig("tls_config:\n  min_version: TLS13\n")).toThrow("tls_config.min_version: not supported");
  });
  test("exclusive settings are refused", () => {
    expect(() => parseHttpClientConfig("basic_auth:\n  password: a\n  password_file: b\n")).toThrow("at most one of password and password_file");
    expect(() => parseHttpClientConfig("basic_auth: {username: a}\nbearer_token: t\n")).toThrow("at most one of basic_auth, bearer_token");
    expect(() => parseHttpClientConfig("tls_config:\n  cert_file: c\n")).toThrow("cert and key must be set together");
  });
});

describe("loadHttpClientConfig", () => {
  test("basic_auth with password_file relative to the file; tls_config with ca_file", () => {
    writeFileSync(join(dir, "pw"), "s3cret\n");
    writeFileSync(join(dir, "ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    const file = join(dir, "http.yml");
    writeFileSync(file, "basic_auth:\n  username: cron\n  password_file: pw\ntls_config:\n  ca_file: ca.pem\n  server_name: gw.example\n");
    const opts = loadHttpClientConfig(file);
    expect(opts.headers.Authorization).toBe(`Basic ${Buffer.from("cron:s3cret").toString("base64")}`);
    expect(opts.tls).toEqual({ ca: "-----BEGIN CERTIFICATE-----\n", serverName: "gw.example" });
  });
  test("authorization credentials_file gives a Bearer header", () => {
    writeFileSync(join(dir, "token"), "tok\n");
    const file = join(dir, "bearer.yml");
    writeFileSync(file, "authorization:\n  credentials_file: token\n");
    expect(loadHttpClientConfig(file).headers.Authorization).toBe("Bearer tok");
  });
  test("errors name the file and the field", () => {
    const file = join(dir, "missing-secret.yml");
    writeFileSync(file, "basic_auth:\n  username: u\n  password_file: nowhere\n");
    expect(() => loadHttpClientConfig(file)).toThrow(`http config file ${file}: basic_auth.password_file: cannot read ${join(dir, "nowhere")}`);
    expect(() => loadHttpClientConfig(join(dir, "absent.yml"))).toThrow("absent.yml");
  });
});
