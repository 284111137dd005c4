// D-Bus type signatures ("a(ssssssouso)", "a{sv}") parsed into type trees,
// with the limits the specification sets, so that a hostile or corrupt
// message can neither recurse without bound nor name a type we cannot read.

export type BasicCode = "y" | "b" | "n" | "q" | "i" | "u" | "x" | "t" | "d" | "s" | "o" | "g" | "h";

export type DbusType =
  | { kind: "basic"; code: BasicCode }
  | { kind: "variant" }
  | { kind: "array"; elem: DbusType }
  | { kind: "struct"; fields: DbusType[] }
  /** Only ever the element of an array: a{kv} is read into a Map. */
  | { kind: "entry"; key: DbusType; value: DbusType };

const BASIC_CODES = new Set<string>(["y", "b", "n", "q", "i", "u", "x", "t", "d", "s", "o", "g", "h"]);
const MAX_SIGNATURE_LENGTH = 255;
const MAX_NESTING = 32;

export class SignatureError extends Error {
  constructor(signature: string, reason: string) {
    super(`invalid D-Bus signature "${signature}": ${reason}`);
    this.name = "SignatureError";
  }
}

/** Parses a signature into its complete types, in order. "" is zero types. */
export function parseSignature(signature: string): DbusType[] {
  if (signature.length > MAX_SIGNATURE_LENGTH) throw new SignatureError(signature, "longer than 255 bytes");
  const types: DbusType[] = [];
  let pos = 0;
  const next = (arrayDepth: number, structDepth: number): DbusType => {
    if (arrayDepth > MAX_NESTING || structDepth > MAX_NESTING) throw new SignatureError(signature, "nested too deeply");
    const c = signature[pos];
    if (c === undefined) throw new SignatureError(signature, "ends inside a container");
    pos++;
    if (BASIC_CODES.has(c)) return { kind: "basic", code: c as BasicCode };
    if (c === "v") return { kind: "variant" };
    if (c === "a") {
      if (signature[pos] === "{") {
        pos++;
        const key = next(arrayDepth + 1, structDepth + 1);
        if (key.kind !== "basic") throw new SignatureError(signature, "dict key must be a basic type");
        const value = next(arrayDepth + 1, structDepth + 1);
        if (signature[pos] !== "}") throw new SignatureError(signature, "dict entry must hold exactly two types");
        pos++;
        return { kind: "array", elem: { kind: "entry", key, value } };
      }
      return { kind: "array", elem: next(arrayDepth + 1, structDepth) };
    }
    if (c === "(") {
      const fields: DbusType[] = [];
      while (signature[pos] !== ")") {
        if (pos >= signature.length) throw new SignatureError(signature, "unclosed struct");
        fields.push(next(arrayDepth, structDepth + 1));
      }
      pos++;
      if (fields.length === 0) throw new SignatureError(signature, "empty struct");
      return { kind: "struct", fields };
    }
    throw new SignatureError(signature, `unexpected "${c}" at offset ${pos - 1}`);
  };
  while (pos < signature.length) types.push(next(0, 0));
  return types;
}

/** The signature text of one type tree; the inverse of parseSignature for one type. */
export function signatureOf(t: DbusType): string {
  switch (t.kind) {
    case "basic":
      return t.code;
    case "variant":
      return "v";
    case "array":
      return t.elem.kind === "entry" ? `a{${signatureOf(t.elem.key)}${signatureOf(t.elem.value)}}` : `a${signatureOf(t.elem)}`;
    case "struct":
      return `(${t.fields.map(signatureOf).join("")})`;
    case "entry":
      return `{${signatureOf(t.key)}${signatureOf(t.value)}}`;
  }
}

/** Wire alignment of a type: where its first byte must start, relative to the message start. */
export function alignmentOf(t: DbusType): number {
  switch (t.kind) {
    case "basic":
      switch (t.code) {
        case "y":
        case "g":
          return 1;
        case "n":
        case "q":
          return 2;
        case "x":
        case "t":
        case "d":
          return 8;
        default:
          return 4;
      }
    case "variant":
      return 1;
    case "array":
      return 4;
    case "struct":
    case "entry":
      return 8;
  }
}
