// Decoding JSON into a Go struct the way encoding/json does, for the
// collectors' test-fixture modes (--collector.qdisc.fixtures,
// --collector.wifi.fixtures): keys match field names exactly or else
// case-insensitively, unknown keys are ignored, null leaves the zero value,
// integers must be whole and in range, []byte fields are base64 strings.

export type GoFieldKind = "string" | "int" | "uint8" | "uint16" | "uint32" | "uint64" | "bytes";

export type GoStruct<F extends Record<string, GoFieldKind>> = {
  [K in keyof F]: F[K] extends "string" ? string : F[K] extends "bytes" ? Uint8Array : number;
};

/** Inclusive minimum and exclusive maximum of each integer kind. */
const RANGES: Record<string, [number, number]> = {
  int: [-(2 ** 63), 2 ** 63],
  uint8: [0, 2 ** 8],
  uint16: [0, 2 ** 16],
  uint32: [0, 2 ** 32],
  uint64: [0, 2 ** 64],
};

function typeError(value: unknown, kind: string, field: string): Error {
  const what = value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "object" ? "object" : typeof value;
  return new Error(`json: cannot unmarshal ${what === "string" ? "string" : what === "boolean" ? "bool" : what} into Go struct field .${field} of type ${kind}`);
}

function zero(kind: GoFieldKind): string | number | Uint8Array {
  return kind === "string" ? "" : kind === "bytes" ? new Uint8Array(0) : 0;
}

function decodeField(value: unknown, kind: GoFieldKind, field: string): string | number | Uint8Array {
  if (kind === "string") {
    if (typeof value !== "string") throw typeError(value, kind, field);
    return value;
  }
  if (kind === "bytes") {
    if (typeof value !== "string") throw typeError(value, "[]uint8", field);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
      throw new Error(`illegal base64 data in field ${field}: "${value}"`);
    }
    return new Uint8Array(Buffer.from(value, "base64"));
  }
  if (typeof value !== "number") throw typeError(value, kind, field);
  const [lo, hi] = RANGES[kind];
  // Go parses the literal with ParseInt/ParseUint: fractions and values out of range fail.
  if (!Number.isInteger(value) || value < lo || value >= hi) {
    throw new Error(`json: cannot unmarshal number ${value} into Go struct field .${field} of type ${kind}`);
  }
  return value;
}

/** One JSON object decoded into a struct with the given fields; null gives the zero struct. */
export function decodeGoStruct<F extends Record<string, GoFieldKind>>(value: unknown, fields: F, what: string): GoStruct<F> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(fields)) out[name] = zero(kind);
  if (value === null) return out as GoStruct<F>;
  if (typeof value !== "object" || Array.isArray(value)) throw typeError(value, what, what);
  const names = Object.keys(fields);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (field === undefined || v === null) continue;
    out[field] = decodeField(v, fields[field], field);
  }
  return out as GoStruct<F>;
}

/** A JSON array of structs; null is an empty slice, as a nil slice in Go. */
export function decodeGoStructArray<F extends Record<string, GoFieldKind>>(text: string, fields: F, what: string): GoStruct<F>[] {
  const parsed: unknown = JSON.parse(text);
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) throw typeError(parsed, `[]${what}`, what);
  return parsed.map((v) => decodeGoStruct(v, fields, what));
}

/** net.HardwareAddr.String(): lower-case hex bytes joined by ":". */
export function hardwareAddrString(addr: Uint8Array): string {
  return [...addr].map((b) => b.toString(16).padStart(2, "0")).join(":");
}
