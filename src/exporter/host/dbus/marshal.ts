// The D-Bus wire format: values of a signature written to and read from bytes.
// Offsets are counted from the start of the message, because every alignment
// in the format is relative to it. We write little-endian; we read both
// byte orders, since a peer may send big-endian messages.
//
// JS representation: y n q i u d h -> number; x t -> bigint (number accepted
// when writing); b -> boolean; s o g -> string; array -> array; a{kv} -> Map;
// struct -> array of its fields; variant -> Variant.

import { type DbusType, alignmentOf, parseSignature, signatureOf } from "./signature.ts";

export type DbusValue = number | bigint | boolean | string | DbusValue[] | Map<DbusValue, DbusValue> | Variant;

export class Variant {
  constructor(
    readonly signature: string,
    readonly value: DbusValue,
  ) {}
}

export class WireError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WireError";
  }
}

const MAX_ARRAY_BYTES = 64 * 1024 * 1024;
const MAX_VARIANT_DEPTH = 64;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export class WireWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  /** Bytes written so far; also the offset of the next byte from the message start. */
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  align(n: number): void {
    const pad = (n - (this.length % n)) % n;
    this.reserve(pad);
    this.buf.fill(0, this.length, this.length + pad);
    this.length += pad;
  }

  byte(v: number): void {
    this.reserve(1);
    this.buf[this.length++] = v;
  }

  uint32At(offset: number, v: number): void {
    this.view.setUint32(offset, v, true);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Writes n bytes through the DataView setter after aligning to n. */
  fixed(n: 2 | 4 | 8, set: (view: DataView, offset: number) => void): void {
    this.align(n);
    this.reserve(n);
    set(this.view, this.length);
    this.length += n;
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function fail(t: DbusType, v: unknown, why: string): never {
  throw new WireError(`cannot write ${JSON.stringify(String(v))} as D-Bus "${signatureOf(t)}": ${why}`);
}

function intValue(t: DbusType, v: DbusValue, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v)) fail(t, v, "not an integer");
  if (v < min || v > max) fail(t, v, "out of range");
  return v;
}

function bigValue(t: DbusType, v: DbusValue, min: bigint, max: bigint): bigint {
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isInteger(v)) b = BigInt(v);
  else fail(t, v, "not an integer");
  if (b < min || b > max) fail(t, v, "out of range");
  return b;
}

function writeString(w: WireWriter, t: DbusType, v: DbusValue, lengthBytes: 1 | 4): void {
  if (typeof v !== "string") fail(t, v, "not a string");
  const b = encoder.encode(v);
  if (b.includes(0)) fail(t, v, "contains a NUL byte");
  if (lengthBytes === 1) {
    if (b.length > 255) fail(t, v, "signature longer than 255 bytes");
    w.byte(b.length);
  } else {
    w.fixed(4, (d, o) => d.setUint32(o, b.length, true));
  }
  w.bytes(b);
  w.byte(0);
}

/** Writes one value of type t at the writer's position. */
export function writeValue(w: WireWriter, t: DbusType, v: DbusValue): void {
  switch (t.kind) {
    case "basic":
      switch (t.code) {
        case "y":
          w.byte(intValue(t, v, 0, 0xff));
          return;
        case "b":
          if (typeof v !== "boolean") fail(t, v, "not a boolean");
          w.fixed(4, (d, o) => d.setUint32(o, v ? 1 : 0, true));
          return;
        case "n": {
          const n = intValue(t, v, -0x8000, 0x7fff);
          w.fixed(2, (d, o) => d.setInt16(o, n, true));
          return;
        }
        case "q": {
          const n = intValue(t, v, 0, 0xffff);
          w.fixed(2, (d, o) => d.setUint16(o, n, true));
          return;
        }
        case "i": {
          const n = intValue(t, v, -0x80000000, 0x7fffffff);
          w.fixed(4, (d, o) => d.setInt32(o, n, true));
          return;
        }
        case "u":
        case "h": {
          const n = intValue(t, v, 0, 0xffffffff);
          w.fixed(4, (d, o) => d.setUint32(o, n, true));
          return;
        }
        case "x": {
          const n = bigValue(t, v, -(2n ** 63n), 2n ** 63n - 1n);
          w.fixed(8, (d, o) => d.setBigInt64(o, n, true));
          return;
        }
        case "t": {
          const n = bigValue(t, v, 0n, 2n ** 64n - 1n);
          w.fixed(8, (d, o) => d.setBigUint64(o, n, true));
          return;
        }
        case "d":
          if (typeof v !== "number") fail(t, v, "not a number");
          w.fixed(8, (d, o) => d.setFloat64(o, v, true));
          return;
        case "s":
        case "o":
          writeString(w, t, v, 4);
          return;
        case "g":
          if (typeof v === "string") parseSignature(v);
          writeString(w, t, v, 1);
          return;
      }
      return;
    case "variant": {
      if (!(v instanceof Variant)) fail(t, v, "not a Variant");
      const types = parseSignature(v.signature);
      if (types.length !== 1) fail(t, v.signature, "a variant holds exactly one complete type");
      writeString(w, { kind: "basic", code: "g" }, v.signature, 1);
      writeValue(w, types[0], v.value);
      return;
    }
    case "array": {
      w.fixed(4, () => {});
      const lengthAt = w.length - 4;
      w.align(alignmentOf(t.elem));
      const start = w.length;
      if (t.elem.kind === "entry") {
        if (!(v instanceof Map)) fail(t, v, "not a Map");
        for (const [k, val] of v) {
          w.align(8);
          writeValue(w, t.elem.key, k);
          writeValue(w, t.elem.value, val);
        }
      } else {
        if (!Array.isArray(v)) fail(t, v, "not an array");
        for (const e of v) writeValue(w, t.elem, e);
      }
      const size = w.length - start;
      if (size > MAX_ARRAY_BYTES) fail(t, `${size} bytes`, "array longer than 64 MiB");
      w.uint32At(lengthAt, size);
      return;
    }
    case "struct": {
      if (!Array.isArray(v) || v.length !== t.fields.length) fail(t, v, `want a ${t.fields.length}-field array`);
      w.align(8);
      t.fields.forEach((f, i) => writeValue(w, f, v[i]));
      return;
    }
    case "entry":
      throw new WireError("a dict entry can only be written inside an array");
  }
}

/** Writes values for a whole signature, e.g. a method call's arguments. */
export function writeValues(w: WireWriter, signature: string, values: readonly DbusValue[]): void {
  const types = parseSignature(signature);
  if (types.length !== values.length) {
    throw new WireError(`signature "${signature}" wants ${types.length} values, got ${values.length}`);
  }
  types.forEach((t, i) => writeValue(w, t, values[i]));
}

/** Marshals values into a fresh buffer that starts 8-aligned (as a message body does). */
export function marshal(signature: string, values: readonly DbusValue[]): Uint8Array {
  const w = new WireWriter();
  writeValues(w, signature, values);
  return w.result();
}

export class WireReader {
  private readonly view: DataView;
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly littleEndian: boolean,
    /** Offset of bytes[0] from the message start, for alignment. */
    private readonly base = 0,
    start = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length) {
      throw new WireError(`truncated: ${what} needs ${n} bytes at offset ${this.pos + this.base}, have ${this.bytes.length - this.pos}`);
    }
  }

  align(n: number): void {
    const pad = (n - ((this.pos + this.base) % n)) % n;
    this.need(pad, "padding");
    for (let i = 0; i < pad; i++) {
      if (this.bytes[this.pos + i] !== 0) throw new WireError(`non-zero padding at offset ${this.pos + i + this.base}`);
    }
    this.pos += pad;
  }

  byte(): number {
    this.need(1, "byte");
    return this.bytes[this.pos++];
  }

  fixed<T>(n: 2 | 4 | 8, what: string, get: (view: DataView, offset: number, le: boolean) => T): T {
    this.align(n);
    this.need(n, what);
    const v = get(this.view, this.pos, this.littleEndian);
    this.pos += n;
    return v;
  }

  uint32(what = "uint32"): number {
    return this.fixed(4, what, (d, o, le) => d.getUint32(o, le));
  }

  stringBody(length: number, what: string): string {
    this.need(length + 1, what);
    const raw = this.bytes.subarray(this.pos, this.pos + length);
    if (this.bytes[this.pos + length] !== 0) throw new WireError(`${what} at offset ${this.pos + this.base} is not NUL-terminated`);
    this.pos += length + 1;
    try {
      return decoder.decode(raw);
    } catch (err) {
      throw new WireError(`${what} at offset ${this.pos + this.base} is not valid UTF-8`, { cause: err });
    }
  }
}

function readSignature(r: WireReader): string {
  return r.stringBody(r.byte(), "signature");
}

/** Reads one value of type t at the reader's position. */
export function readValue(r: WireReader, t: DbusType, depth = 0): DbusValue {
  switch (t.kind) {
    case "basic":
      switch (t.code) {
        case "y":
          return r.byte();
        case "b": {
          const v = r.uint32("boolean");
          if (v > 1) throw new WireError(`boolean at offset ${r.pos - 4} is ${v}, want 0 or 1`);
          return v === 1;
        }
        case "n":
          return r.fixed(2, "int16", (d, o, le) => d.getInt16(o, le));
        case "q":
          return r.fixed(2, "uint16", (d, o, le) => d.getUint16(o, le));
        case "i":
          return r.fixed(4, "int32", (d, o, le) => d.getInt32(o, le));
        case "u":
        case "h":
          return r.uint32();
        case "x":
          return r.fixed(8, "int64", (d, o, le) => d.getBigInt64(o, le));
        case "t":
          return r.fixed(8, "uint64", (d, o, le) => d.getBigUint64(o, le));
        case "d":
          return r.fixed(8, "double", (d, o, le) => d.getFloat64(o, le));
        case "s":
        case "o":
          return r.stringBody(r.uint32("string length"), "string");
        case "g":
          return readSignature(r);
      }
      throw new WireError(`unknown basic type ${t.code}`);
    case "variant": {
      if (depth >= MAX_VARIANT_DEPTH) throw new WireError("variants nested too deeply");
      const sig = readSignature(r);
      const types = parseSignature(sig);
      if (types.length !== 1) throw new WireError(`variant signature "${sig}" is not one complete type`);
      return new Variant(sig, readValue(r, types[0], depth + 1));
    }
    case "array": {
      const size = r.uint32("array length");
      if (size > MAX_ARRAY_BYTES) throw new WireError(`array of ${size} bytes is longer than 64 MiB`);
      r.align(alignmentOf(t.elem));
      const end = r.pos + size;
      r.need(size, "array");
      if (t.elem.kind === "entry") {
        const map = new Map<DbusValue, DbusValue>();
        while (r.pos < end) {
          r.align(8);
          const k = readValue(r, t.elem.key, depth);
          map.set(k, readValue(r, t.elem.value, depth));
        }
        if (r.pos !== end) throw new WireError(`dict ends at offset ${r.pos}, its length says ${end}`);
        return map;
      }
      const out: DbusValue[] = [];
      while (r.pos < end) out.push(readValue(r, t.elem, depth));
      if (r.pos !== end) throw new WireError(`array ends at offset ${r.pos}, its length says ${end}`);
      return out;
    }
    case "struct":
      r.align(8);
      return t.fields.map((f) => readValue(r, f, depth));
    case "entry":
      throw new WireError("a dict entry can only appear inside an array");
  }
}

/** Reads the values of a whole signature from bytes that start 8-aligned. */
export function unmarshal(signature: string, bytes: Uint8Array, littleEndian = true): DbusValue[] {
  const r = new WireReader(bytes, littleEndian);
  const values = parseSignature(signature).map((t) => readValue(r, t));
  if (r.pos !== bytes.length) throw new WireError(`${bytes.length - r.pos} bytes left over after "${signature}"`);
  return values;
}
