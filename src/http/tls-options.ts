// From a web config's tls_server_config to Bun.serve's TLS options.
//
// Bun.serve (BoringSSL underneath) cannot honour every setting Go's
// crypto/tls can. A setting it cannot honour is refused with an error naming
// it, never dropped: silently serving without a client-certificate check or
// with another protocol range than asked would weaken what the operator set.
//
// What maps, and how:
// - cert/key (inline or files), checked to belong together at start.
// - client_auth_type NoClientCert, RequestClientCert (asked, not verified)
//   and RequireAndVerifyClientCert; client_ca / client_ca_file as the CA.
//   Refused: RequireAnyClientCert (RequireClientCert), VerifyClientCertIfGiven
//   and client_allowed_sans, which Bun has no handshake hook for.
// - min_version/max_version through SSL_OP_NO_TLSv1_2/1_3. Bun speaks TLS 1.2
//   and 1.3 only, so TLS10/TLS11 are refused.
// - cipher_suites as a cipher list. Like Go, TLS 1.3 suites are not
//   configurable and TLS 1.3 names are ignored; a list with no TLS 1.2 suite
//   leaves TLS 1.2 without ciphers, so TLS 1.2 is switched off.
// - curve_preferences as the ECDH curve list.
// - prefer_server_cipher_suites: accepted and without effect, as in Go since 1.18.
//
// The options are built once at start: Bun cannot swap certificates on a
// running listener, so unlike upstream (which reloads them per handshake) a
// new certificate needs a restart.

import type { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import type { TLSOptions } from "bun";
import { TLS12_CIPHER_SUITES, type TlsServerConfig, type TlsVersion, WebConfigError, tlsEnabled } from "./web-config.ts";

// BoringSSL's values, which Bun passes through secureOptions.
const SSL_OP_NO_TLSv1_2 = 0x08000000;
const SSL_OP_NO_TLSv1_3 = 0x20000000;

const BUN_CURVE: Record<string, string> = {
  CurveP256: "P-256",
  CurveP384: "P-384",
  CurveP521: "P-521",
  X25519: "X25519",
};

const P = "tls_server_config";

function readPem(file: string, inline: string, field: string): string {
  if (file === "") return inline;
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new WebConfigError(`${P}.${field}`, `cannot read ${file}: ${(err as Error).message}`);
  }
}

function checkKeyPair(cert: string, key: string): void {
  // Loaded only when TLS is configured: node:crypto costs ~3 MiB of RSS and
  // ~2 ms of start-up in every process that merely imports this module.
  const { X509Certificate, createPrivateKey } = require("node:crypto") as typeof import("node:crypto");
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw new WebConfigError(`${P}.cert`, `not a PEM certificate: ${(err as Error).message}`);
  }
  let matches: boolean;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch (err) {
    throw new WebConfigError(`${P}.key`, `not a PEM private key: ${(err as Error).message}`);
  }
  if (!matches) throw new WebConfigError(P, "the private key does not match the certificate");
}

function clientAuth(t: TlsServerConfig, ca: string): Pick<TLSOptions, "requestCert" | "rejectUnauthorized" | "ca"> {
  const field = `${P}.client_auth_type`;
  switch (t.clientAuthType) {
    case "":
    case "NoClientCert":
      return { requestCert: false };
    case "RequestClientCert":
      return { requestCert: true, rejectUnauthorized: false, ca: ca || undefined };
    case "RequireAndVerifyClientCert":
      return { requestCert: true, rejectUnauthorized: true, ca: ca || undefined };
    case "RequireAnyClientCert":
    case "RequireClientCert":
    case "VerifyClientCertIfGiven":
      throw new WebConfigError(
        field,
        `${t.clientAuthType} is not supported by mon (Bun cannot require a client certificate without verifying it, or verify one only when given); use RequireAndVerifyClientCert`,
      );
    default:
      throw new WebConfigError(field, `unknown client_auth_type "${t.clientAuthType}"`);
  }
}

const VERSION_ORDER: readonly TlsVersion[] = ["TLS10", "TLS11", "TLS12", "TLS13"];

function protocolOptions(t: TlsServerConfig): number {
  for (const key of ["min_version", "max_version"] as const) {
    const v = key === "min_version" ? t.minVersion : t.maxVersion;
    if (v === "TLS10" || v === "TLS11") {
      throw new WebConfigError(`${P}.${key}`, `${v} is not supported by mon (Bun serves TLS 1.2 and TLS 1.3 only)`);
    }
  }
  if (VERSION_ORDER.indexOf(t.minVersion) > VERSION_ORDER.indexOf(t.maxVersion)) {
    throw new WebConfigError(`${P}.min_version`, `${t.minVersion} is above max_version ${t.maxVersion}`);
  }
  let off = 0;
  if (t.minVersion === "TLS13") off |= SSL_OP_NO_TLSv1_2;
  if (t.maxVersion === "TLS12") off |= SSL_OP_NO_TLSv1_3;
  return off;
}

export interface ServeTls {
  tls: TLSOptions;
  /** http_server_config.http2: offer h2 through ALPN. */
  http2: boolean;
}

/**
 * Bun.serve TLS options for the section, reading the files it names; undefined
 * when the section does not turn TLS on. Throws WebConfigError naming the setting.
 */
export function serveTlsOptions(t: TlsServerConfig, http2: boolean): ServeTls | undefined {
  if (!tlsEnabled(t)) return undefined;
  if (t.clientAllowedSans.length > 0) {
    throw new WebConfigError(
      `${P}.client_allowed_sans`,
      "is not supported by mon (Bun has no hook to check a client certificate's SANs)",
    );
  }
  let secureOptions = protocolOptions(t);
  const cert = readPem(t.certFile, t.cert, "cert_file");
  const key = readPem(t.keyFile, t.key, "key_file");
  checkKeyPair(cert, key);
  const ca = t.clientCaFile !== "" ? readPem(t.clientCaFile, "", "client_ca_file") : t.clientCa;
  const tls: TLSOptions = { cert, key, ...clientAuth(t, ca) };

  if (t.cipherSuites.length > 0) {
    const tls12 = t.cipherSuites.filter((c) => TLS12_CIPHER_SUITES.includes(c));
    if (tls12.length > 0) {
      tls.ciphers = tls12.join(":");
    } else if (t.maxVersion === "TLS12") {
      throw new WebConfigError(`${P}.cipher_suites`, "lists no TLS 1.2 cipher suite but max_version is TLS12");
    } else {
      secureOptions |= SSL_OP_NO_TLSv1_2;
    }
  }
  if (t.curvePreferences.length > 0) {
    (tls as TLSOptions & { ecdhCurve: string }).ecdhCurve = t.curvePreferences.map((c) => BUN_CURVE[c]).join(":");
  }
  if (secureOptions !== 0) tls.secureOptions = secureOptions;
  return { tls, http2 };
}
