// --http.config.file: the HTTP client part of a Prometheus scrape config
// (prometheus/common config.HTTPClientConfig), so the credentials for the
// gateway live in a file, never on a command line or in `ps`.
//
// parseHttpClientConfig is pure; loadHttpClientConfig reads the file, then the
// secrets it names (password_file, credentials_file, ca_file, ...), relative
// to the file's folder as Prometheus does. Fields mon cannot honour (proxies,
// OAuth 2) are refused by name rather than silently ignored.

import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { ConfigFieldError, type Obj, bool, parseYamlMapping, section, str } from "../http/yaml-fields.ts";

export interface HttpClientConfig {
  basicAuth?: { username: string; usernameFile: string; password: string; passwordFile: string };
  authorization?: { type: string; credentials: string; credentialsFile: string };
  tls: { ca: string; caFile: string; cert: string; certFile: string; key: string; keyFile: string; serverName: string; insecureSkipVerify: boolean };
  followRedirects: boolean;
}

/** What a request needs: headers and fetch's tls options, secrets already read. */
export interface HttpClientOptions {
  headers: Record<string, string>;
  tls?: { ca?: string; cert?: string; key?: string; serverName?: string; rejectUnauthorized?: boolean };
  redirect: "follow" | "manual";
}

const UNSUPPORTED = ["oauth2", "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header", "http_headers"];
const TOP_LEVEL = ["basic_auth", "authorization", "bearer_token", "bearer_token_file", "tls_config", "follow_redirects", "enable_http2", ...UNSUPPORTED];

function exclusive(o: Obj, a: string, b: string, path: string): void {
  if (str(o, a, path) !== "" && str(o, b, path) !== "") {
    throw new ConfigFieldError(path, `at most one of ${a} and ${b} may be set`);
  }
}

export function parseHttpClientConfig(text: string): HttpClientConfig {
  const doc = parseYamlMapping(text, TOP_LEVEL);
  for (const k of UNSUPPORTED) {
    if (doc[k] !== undefined && doc[k] !== null) throw new ConfigFieldError(k, "not supported by mon");
  }
  const config: HttpClientConfig = { tls: parseTls(doc), followRedirects: bool(doc, "follow_redirects", "", true) };
  bool(doc, "enable_http2", "", true); // Accepted for compatibility; pushes are small HTTP/1.1 requests.

  const auths = ["basic_auth", "authorization", "bearer_token", "bearer_token_file"].filter((k) => doc[k] !== undefined && doc[k] !== null);
  if (auths.length > 1) throw new ConfigFieldError("", `at most one of ${auths.join(", ")} may be set`);

  if (doc.basic_auth !== undefined && doc.basic_auth !== null) {
    const p = "basic_auth";
    const b = section(doc, p, p, ["username", "username_file", "password", "password_file"]);
    exclusive(b, "username", "username_file", p);
    exclusive(b, "password", "password_file", p);
    config.basicAuth = {
      username: str(b, "username", p),
      usernameFile: str(b, "username_file", p),
      password: str(b, "password", p),
      passwordFile: str(b, "password_file", p),
    };
  }
  if (doc.authorization !== undefined && doc.authorization !== null) {
    const p = "authorization";
    const a = section(doc, p, p, ["type", "credentials", "credentials_file"]);
    exclusive(a, "credentials", "credentials_file", p);
    const type = str(a, "type", p) || "Bearer";
    if (type.toLowerCase() === "basic") throw new ConfigFieldError(`${p}.type`, `"Basic" is set with basic_auth instead`);
    config.authorization = { type, credentials: str(a, "credentials", p), credentialsFile: str(a, "credentials_file", p) };
  }
  const bearer = str(doc, "bearer_token", "");
  const bearerFile = str(doc, "bearer_token_file", "");
  if (bearer !== "" || bearerFile !== "") config.authorization = { type: "Bearer", credentials: bearer, credentialsFile: bearerFile };
  return config;
}

function parseTls(doc: Obj): HttpClientConfig["tls"] {
  const p = "tls_config";
  const t = section(doc, p, p, ["ca", "ca_file", "cert", "cert_file", "key", "key_file", "server_name", "insecure_skip_verify", "min_version", "max_version"]);
  exclusive(t, "ca", "ca_file", p);
  exclusive(t, "cert", "cert_file", p);
  exclusive(t, "key", "key_file", p);
  for (const k of ["min_version", "max_version"]) {
    // Bun's client negotiates TLS 1.2 or 1.3; a version pin it cannot enforce is refused.
    if (t[k] !== undefined && t[k] !== null) throw new ConfigFieldError(`${p}.${k}`, "not supported by mon");
  }
  const tls = {
    ca: str(t, "ca", p),
    caFile: str(t, "ca_file", p),
    cert: str(t, "cert", p),
    certFile: str(t, "cert_file", p),
    key: str(t, "key", p),
    keyFile: str(t, "key_file", p),
    serverName: str(t, "server_name", p),
    insecureSkipVerify: bool(t, "insecure_skip_verify", p, false),
  };
  const hasCert = tls.cert !== "" || tls.certFile !== "";
  const hasKey = tls.key !== "" || tls.keyFile !== "";
  if (hasCert !== hasKey) throw new ConfigFieldError(p, "client cert and key must be set together");
  return tls;
}

function readSecret(file: string, dir: string, field: string, trim: boolean): string {
  const path = isAbsolute(file) ? file : join(dir, file);
  try {
    const text = readFileSync(path, "utf8");
    return trim ? text.trim() : text;
  } catch (err) {
    throw new ConfigFieldError(field, `cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Turns a parsed config into request options, reading the files it names relative to `dir`. */
export function clientOptions(config: HttpClientConfig, dir: string): HttpClientOptions {
  const headers: Record<string, string> = {};
  const pick = (inline: string, file: string, field: string, trim: boolean) => (file !== "" ? readSecret(file, dir, field, trim) : inline);
  if (config.basicAuth) {
    const b = config.basicAuth;
    const user = pick(b.username, b.usernameFile, "basic_auth.username_file", true);
    const password = pick(b.password, b.passwordFile, "basic_auth.password_file", true);
    headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
  }
  if (config.authorization) {
    const a = config.authorization;
    headers.Authorization = `${a.type} ${pick(a.credentials, a.credentialsFile, "authorization.credentials_file", true)}`;
  }
  const t = config.tls;
  const tls: NonNullable<HttpClientOptions["tls"]> = {};
  const ca = pick(t.ca, t.caFile, "tls_config.ca_file", false);
  const cert = pick(t.cert, t.certFile, "tls_config.cert_file", false);
  const key = pick(t.key, t.keyFile, "tls_config.key_file", false);
  if (ca !== "") tls.ca = ca;
  if (cert !== "") tls.cert = cert;
  if (key !== "") tls.key = key;
  if (t.serverName !== "") tls.serverName = t.serverName;
  if (t.insecureSkipVerify) tls.rejectUnauthorized = false;
  return { headers, tls: Object.keys(tls).length > 0 ? tls : undefined, redirect: config.followRedirects ? "follow" : "manual" };
}

/** Reads and validates --http.config.file; errors name the file and the field. */
export function loadHttpClientConfig(file: string): HttpClientOptions {
  try {
    return clientOptions(parseHttpClientConfig(readFileSync(file, "utf8")), dirname(file));
  } catch (err) {
    throw new Error(`http config file ${file}: ${(err as Error).message}`, { cause: err });
  }
}
