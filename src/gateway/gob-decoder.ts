// A decoder for Go's encoding/gob streams, as far as Pushgateway's
// persistence file needs it: type definitions (struct, slice, array, map and
// GobEncoder types) and values of those types built from bools, integers,
// floats, strings and byte slices. Interface values are refused. Written from
// the format description in Go's encoding/gob documentation.
//
// A stream is a sequence of messages: an unsigned length, then a signed type
// id. A negative id defines type -id (a wireType value follows); a positive
// id is a value of that type. A top-level value that is not a struct is
// preceded by a zero field delta.

export class GobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GobError";
  }
}

/** The decoded value of a gob type: structs become objects keyed by field name, maps become Maps. */
export type GobValue = boolean | number | bigint | string | Uint8Array | GobValue[] | Map<GobValue, GobValue> | { [field: string]: GobValue };

type WireType =
  | { kind: "struct"; name: string; fields: { name: string; id: number }[] }
  | { kind: "slice"; name: string; elem: number }
  | { kind: "array"; name: string; elem: number; len: number }
  | { kind: "map"; name: string; key: number; elem: number }
  | { kind: "gob"; name: string };

// Predefined type ids.
const BOOL = 1;
const INT = 2;
const UINT = 3;
const FLOAT = 4;
const BYTES = 5;
const STRING = 6;
const COMPLEX = 7;
const INTERFACE = 8;

class Reader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end = bytes.length,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  byte(): number {
    if (this.pos >= this.end) throw new GobError(`unexpected end of data at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }

  /** Unsigned: one byte below 128, else the negated byte count and that many big-endian bytes. */
  uint(): bigint {
    const b = this.byte();
    if (b < 0x80) return BigInt(b);
    const n = 256 - b;
    if (n > 8) throw new GobError(`invalid unsigned integer length ${n} at byte ${this.pos - 1}`);
    let v = 0n;
    for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(this.byte());
    return v;
  }

  /** A uint small enough for a count, length or delta. */
  count(what: string): number {
    const v = this.uint();
    if (v > BigInt(this.end - this.pos) + 1_000_000n) throw new GobError(`${what} ${v} at byte ${this.pos} is larger than the data`);
    return Number(v);
  }

  int(): bigint {
    const u = this.uint();
    return u & 1n ? ~(u >> 1n) : u >> 1n;
  }

  float(): number {
    // The float64 bits, byte-reversed, as an unsigned integer.
    let u = this.uint();
    const buf = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 8; i++) {
      buf.setUint8(i, Number(u & 0xffn));
      u >>= 8n;
    }
    return buf.getFloat64(0);
  }

  bytesValue(): Uint8Array {
    const n = this.count("byte length");
    if (this.pos + n > this.end) throw new GobError(`byte string of ${n} bytes runs past the message at byte ${this.pos}`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    return new TextDecoder().decode(this.bytesValue());
  }
}

function small(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Decodes every top-level value of a gob stream, in order. */
export function decodeGobStream(bytes: Uint8Array): { typeName: string; value: GobValue }[] {
  const types = new Map<number, WireType>();
  const out: { typeName: string; value: GobValue }[] = [];
  const r = new Reader(bytes);
  while (!r.atEnd()) {
    const start = r.pos;
    const length = r.count("message length");
    const end = r.pos + length;
    if (end > bytes.length) throw new GobError(`message at byte ${start} claims ${length} bytes, ${bytes.length - r.pos} left`);
    const m = new Reader(bytes, end);
    m.pos = r.pos;
    const id = Number(m.int());
    if (id < 0) {
      types.set(-id, readWireType(m));
    } else {
      const t = types.get(id);
      if (!t && id >= 65) throw new GobError(`value of undefined type ${id} at byte ${start}`);
      // A non-struct top-level value is sent as a one-field struct: delta 0 first.
      if (t?.kind !== "struct") {
        const delta = m.uint();
        if (delta !== 0n) throw new GobError(`singleton value at byte ${start} has field delta ${delta}`);
      }
      out.push({ typeName: t?.name ?? `builtin ${id}`, value: readValue(m, id, types) });
    }
    r.pos = end;
  }
  return out;
}

/** Reads fields of a struct as (delta, value) pairs until delta 0; calls field(index) for each. */
function readFields(r: Reader, field: (index: number) => void): void {
  let index = -1;
  for (;;) {
    const delta = r.count("field delta");
    if (delta === 0) return;
    index += delta;
    field(index);
  }
}

function readCommon(r: Reader): { name: string; id: number } {
  const c = { name: "", id: 0 };
  readFields(r, (i) => {
    if (i === 0) c.name = r.string();
    else if (i === 1) c.id = Number(r.int());
    else throw new GobError(`CommonType has no field ${i}`);
  });
  return c;
}

function readWireType(r: Reader): WireType {
  let t: WireType | undefined;
  readFields(r, (i) => {
    switch (i) {
      case 0: {
        // arrayType {CommonType; Elem typeId; Len int}
        const a = { kind: "array" as const, name: "", elem: 0, len: 0 };
        readFields(r, (f) => {
          if (f === 0) a.name = readCommon(r).name;
          else if (f === 1) a.elem = Number(r.int());
          else if (f === 2) a.len = Number(r.int());
        });
        t = a;
        break;
      }
      case 1: {
        // sliceType {CommonType; Elem typeId}
        const s = { kind: "slice" as const, name: "", elem: 0 };
        readFields(r, (f) => {
          if (f === 0) s.name = readCommon(r).name;
          else if (f === 1) s.elem = Number(r.int());
        });
        t = s;
        break;
      }
      case 2: {
        // structType {CommonType; Field []*fieldType{Name string; Id typeId}}
        const s = { kind: "struct" as const, name: "", fields: [] as { name: string; id: number }[] };
        readFields(r, (f) => {
          if (f === 0) s.name = readCommon(r).name;
          else if (f === 1) {
            const n = r.count("field count");
            for (let k = 0; k < n; k++) {
              const fieldType = { name: "", id: 0 };
              readFields(r, (g) => {
                if (g === 0) fieldType.name = r.string();
                else if (g === 1) fieldType.id = Number(r.int());
              });
              s.fields.push(fieldType);
            }
          }
        });
        t = s;
        break;
      }
      case 3: {
        // mapType {CommonType; Key typeId; Elem typeId}
        const m = { kind: "map" as const, name: "", key: 0, elem: 0 };
        readFields(r, (f) => {
          if (f === 0) m.name = readCommon(r).name;
          else if (f === 1) m.key = Number(r.int());
          else if (f === 2) m.elem = Number(r.int());
        });
        t = m;
        break;
      }
      case 4:
      case 5:
      case 6: {
        // GobEncoder, BinaryMarshaler, TextMarshaler: {CommonType}; values are byte strings.
        const g = { kind: "gob" as const, name: "" };
        readFields(r, (f) => {
          if (f === 0) g.name = readCommon(r).name;
        });
        t = g;
        break;
      }
      default:
        throw new GobError(`unknown wireType field ${i}`);
    }
  });
  if (!t) throw new GobError("empty type definition");
  return t;
}

function readValue(r: Reader, id: number, types: ReadonlyMap<number, WireType>): GobValue {
  switch (id) {
    case BOOL:
      return r.uint() !== 0n;
    case INT:
      return small(r.int());
    case UINT:
      return small(r.uint());
    case FLOAT:
      return r.float();
    case BYTES:
      return r.bytesValue();
    case STRING:
      return r.string();
    case COMPLEX:
      return [r.float(), r.float()];
    case INTERFACE:
      throw new GobError(`interface values are not supported (byte ${r.pos})`);
  }
  const t = types.get(id);
  if (!t) throw new GobError(`undefined type id ${id} at byte ${r.pos}`);
  switch (t.kind) {
    case "gob":
      return r.bytesValue();
    case "slice":
    case "array": {
      const n = r.count("element count");
      const out: GobValue[] = [];
      for (let i = 0; i < n; i++) out.push(readValue(r, t.elem, types));
      return out;
    }
    case "map": {
      const n = r.count("map size");
      const out = new Map<GobValue, GobValue>();
      for (let i = 0; i < n; i++) {
        const k = readValue(r, t.key, types);
        out.set(k, readValue(r, t.elem, types));
      }
      return out;
    }
    case "struct": {
      const out: { [field: string]: GobValue } = {};
      readFields(r, (i) => {
        const f = t.fields[i];
        if (!f) throw new GobError(`struct ${t.name} has no field ${i} (byte ${r.pos})`);
        out[f.name] = readValue(r, f.id, types);
      });
      return out;
    }
  }
}

/** time.Time's MarshalBinary (versions 1 and 2) as Unix milliseconds. */
export function decodeGoTime(b: Uint8Array): number {
  if (b.length < 15 || (b[0] !== 1 && b[0] !== 2)) throw new GobError(`time value of ${b.length} bytes, version ${b[0]}: not a time.Time`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // Seconds since January 1, year 1 UTC; 62135596800 of them before 1970.
  const sec = v.getBigInt64(1);
  const nsec = v.getInt32(9);
  return Number(sec - 62135596800n) * 1000 + Math.floor(nsec / 1e6);
}
