// The --web.config.file format of prometheus/exporter-toolkit v0.11 (the web
// package node_exporter 1.8.2 and Pushgateway 1.10.0 are built with):
// tls_server_config, http_server_config and basic_auth_users.
//
// parseWebConfig is pure (YAML text in, validated config out); loadWebConfig
// reads the file and anchors relative paths at the file's folder, as
// upstream's SetDirectory does. Validation is as strict as upstream's
// yaml.UnmarshalStrict plus its checks, so that a file upstream refuses is
// refused here too, with the field named.

import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { ConfigFieldError as WebConfigError, type Obj, bool, describe, isObject, oneOf, parseYamlMapping, section, str, strList } from "./yaml-fields.ts";

export { WebConfigError };

export const TLS_VERSIONS = ["TLS10", "TLS11", "TLS12", "TLS13"] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

export const CLIENT_AUTH_TYPES = [
  "NoClientCert",
  "RequestClientCert",
  "RequireAnyClientCert",
  // Upstream's older spelling of RequireAnyClientCert, still accepted.
  "RequireClientCert",
  "VerifyClientCertIfGiven",
  "RequireAndVerifyClientCert",
] as const;

/** Go's tls.CipherSuites(): the only names upstream accepts in cipher_suites. */
export const TLS13_CIPHER_SUITES = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"];
export const TLS12_CIPHER_SUITES = [
  "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_CBC_SHA",
  "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
];

export const CURVES = ["CurveP256", "CurveP384", "CurveP521", "X25519"] as const;

/**
 * The response headers upstream lets the file set, with the values it
 * allows (an empty list: any value).
 */
export const CONFIGURABLE_HEADERS: Readonly<Record<string, readonly string[]>> = {
  "Strict-Transport-Security": [],
  "X-Content-Type-Options": ["nosniff"],
  "X-Frame-Options": ["deny", "sameorigin"],
  "X-XSS-Protection": [],
  "Content-Security-Policy": [],
};

export interface TlsServerConfig {
  /** Inline PEM; cert_file wins when both are set, as in upstream v0.11. */
  cert: string;
  key: string;
  clientCa: string;
  certFile: string;
  keyFile: string;
  clientCaFile: string;
  /** "" when unset (NoClientCert). */
  clientAuthType: string;
  clientAllowedSans: string[];
  minVersion: TlsVersion;
  maxVersion: TlsVersion;
  cipherSuites: string[];
  preferServerCipherSuites: boolean;
  curvePreferences: string[];
}

export interface WebConfig {
  tls: TlsServerConfig;
  http: { http2: boolean; headers: Record<string, string> };
  /** User name to bcrypt hash. Empty: no basic auth. */
  users: Map<string, string>;
}

function parseTls(root: Obj): TlsServerConfig {
  const p = "tls_server_config";
  const t = section(root, p, p, [
    "cert",
    "key",
    "client_ca",
    "cert_file",
    "key_file",
    "client_auth_type",
    "client_ca_file",
    "client_allowed_sans",
    "min_version",
    "max_version",
    "cipher_suites",
    "prefer_server_cipher_suites",
    "curve_preferences",
  ]);
  const version = (key: string, dflt: TlsVersion): TlsVersion => {
    const s = t[key] === undefined || t[key] === null ? dflt : str(t, key, p);
    return oneOf(s, TLS_VERSIONS, `${p}.${key}`, "TLS version");
  };
  const known = [...TLS13_CIPHER_SUITES, ...TLS12_CIPHER_SUITES];
  const tls: TlsServerConfig = {
    cert: str(t, "cert", p),
    key: str(t, "key", p),
    clientCa: str(t, "client_ca", p),
    certFile: str(t, "cert_file", p),
    keyFile: str(t, "key_file", p),
    clientCaFile: str(t, "client_ca_file", p),
    clientAuthType: str(t, "client_auth_type", p),
    clientAllowedSans: strList(t, "client_allowed_sans", p),
    minVersion: version("min_version", "TLS12"),
    maxVersion: version("max_version", "TLS13"),
    cipherSuites: strList(t, "cipher_suites", p).map((c, i) => oneOf(c, known, `${p}.cipher_suites[${i}]`, "cipher")),
    preferServerCipherSuites: bool(t, "prefer_server_cipher_suites", p, true),
    curvePreferences: strList(t, "curve_preferences", p).map((c, i) =>
      oneOf(c, CURVES, `${p}.curve_preferences[${i}]`, "curve"),
    ),
  };
  if (!tlsEnabled(tls)) return tls;
  if (tls.certFile === "" && tls.cert === "") throw new WebConfigError(p, "missing one of cert or cert_file");
  if (tls.keyFile === "" && tls.key === "") throw new WebConfigError(p, "missing one of key or key_file");
  if (tls.clientAuthType !== "") {
    oneOf(tls.clientAuthType, CLIENT_AUTH_TYPES, `${p}.client_auth_type`, "client_auth_type");
  }
  const noClientAuth = tls.clientAuthType === "" || tls.clientAuthType === "NoClientCert";
  if ((tls.clientCaFile !== "" || tls.clientCa !== "") && noClientAuth) {
    throw new WebConfigError(`${p}.client_auth_type`, "a client CA is configured without a client auth policy");
  }
  return tls;
}

/** Upstream's test for "TLS config is not present": nothing that would start TLS is set. */
export function tlsEnabled(t: TlsServerConfig): boolean {
  return (
    t.certFile !== "" ||
    t.cert !== "" ||
    t.keyFile !== "" ||
    t.key !== "" ||
    t.clientCaFile !== "" ||
    t.clientCa !== "" ||
    t.clientAuthType !== ""
  );
}

function parseHttp(root: Obj): WebConfig["http"] {
  const p = "http_server_config";
  const h = section(root, p, p, ["http2", "headers"]);
  const headers: Record<string, string> = {};
  const raw = h.headers;
  if (raw !== undefined && raw !== null) {
    if (!isObject(raw)) throw new WebConfigError(`${p}.headers`, `want a mapping, got ${describe(raw)}`);
    for (const name of Object.keys(raw)) {
      const field = `${p}.headers.${name}`;
      const allowed = CONFIGURABLE_HEADERS[name];
      if (allowed === undefined) throw new WebConfigError(field, `HTTP header "${name}" can not be configured`);
      const value = str(raw, name, `${p}.headers`);
      if (allowed.length > 0 && !allowed.includes(value)) {
        throw new WebConfigError(field, `invalid value "${value}" (want one of ${allowed.join(", ")})`);
      }
      headers[name] = value;
    }
  }
  return { http2: bool(h, "http2", p, true), headers };
}

/**
 * What bcrypt.Cost accepts in Go: at least 59 bytes, "$", major version 2 or
 * lower, an optional minor letter, "$", a two-digit cost within 4..31.
 */
export function checkBcryptHash(hash: string): string | undefined {
  if (hash.length < 59) return "too short to be a bcrypt hash";
  const m = /^\$([0-9])([^$]?)\$([0-9]{2})\$/.exec(hash);
  if (!m) return "not a bcrypt hash (want $2y$<cost>$...)";
  if (m[1] > "2") return `bcrypt version ${m[1]} is too new`;
  const cost = Number(m[3]);
  if (cost < 4 || cost > 31) return `bcrypt cost ${cost} is outside 4..31`;
  return undefined;
}

function parseUsers(root: Obj): Map<string, string> {
  const p = "basic_auth_users";
  const raw = root[p];
  const users = new Map<string, string>();
  if (raw === undefined || raw === null) return users;
  if (!isObject(raw)) throw new WebConfigError(p, `want a mapping of user names to bcrypt hashes, got ${describe(raw)}`);
  for (const user of Object.keys(raw)) {
    const hash = str(raw, user, p);
    const problem = checkBcryptHash(hash);
    // The field names the user, never the hash: it is a secret.
    if (problem) throw new WebConfigError(`${p}.${user}`, problem);
    users.set(user, hash);
  }
  return users;
}

const TOP_LEVEL = ["tls_server_config", "http_server_config", "basic_auth_users"];

/** Parses and validates the file's text. Throws WebConfigError naming the field. */
export function parseWebConfig(text: string): WebConfig {
  const doc = parseYamlMapping(text, TOP_LEVEL);
  return { tls: parseTls(doc), http: parseHttp(doc), users: parseUsers(doc) };
}

/** Relative file names in the TLS section are relative to the config file's folder. */
export function anchorPaths(tls: TlsServerConfig, dir: string): TlsServerConfig {
  const at = (p: string) => (p === "" || isAbsolute(p) ? p : join(dir, p));
  return { ...tls, certFile: at(tls.certFile), keyFile: at(tls.keyFile), clientCaFile: at(tls.clientCaFile) };
}

/** Reads, parses and validates the file; errors name the file and keep the cause. */
export function loadWebConfig(file: string): WebConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`web config file ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const config = parseWebConfig(text);
    return { ...config, tls: anchorPaths(config.tls, dirname(file)) };
  } catch (err) {
    throw new Error(`web config file ${file}: ${(err as Error).message}`, { cause: err });
  }
}
