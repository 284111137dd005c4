// Protocol buffers wire format, just enough for io.prometheus.client messages:
// varints (incl. zigzag for sint32/sint64), fixed64 doubles and
// length-delimited fields. Every read is bounds-checked so that truncated or
// hostile input ends in a ProtobufDecodeError, never in a hang or a crash.

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_SGROUP = 3;
export const WIRE_EGROUP = 4;
export const WIRE_I32 = 5;

export class ProtobufDecodeError extends Error {
  /** Byte offset in the whole input where the problem was found. */
  readonly offset: number;

  constructor(what: string, offset: number, options?: ErrorOptions) {
    super(`protobuf: ${what} at byte offset ${offset}`, options);
    this.name = "ProtobufDecodeError";
    this.offset = offset;
  }
}

const TWO_32 = 4294967296;
const MAX_GROUP_DEPTH = 100;

const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8Encoder = new TextEncoder();

function isAscii(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] >= 0x80) return false;
  return true;
}

export class WireReader {
  pos: number;
  /** Reads never go past this; nested messages narrow it. */
  limit: number;
  private readonly buf: Uint8Array;
  private readonly view: DataView;
  /** The same bytes, for Buffer's fast latin1 slicing of ASCII strings. */
  private readonly latin1: Buffer;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.latin1 = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = 0;
    this.limit = buf.length;
  }

  atLimit(): boolean {
    return this.pos >= this.limit;
  }

  /** Raw varint as two unsigned 32-bit halves. */
  private varintParts(): [number, number] {
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.limit) throw new ProtobufDecodeError("truncated varint", start);
      const b = this.buf[this.pos++];
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else {
        if (i === 9 && b > 1) throw new ProtobufDecodeError("varint overflows 64 bits", start);
        hi |= (b & 0x7f) << (7 * i - 32);
      }
      if (b < 0x80) return [lo >>> 0, hi >>> 0];
    }
    throw new ProtobufDecodeError("varint longer than 10 bytes", start);
  }

  /** uint64/uint32/enum; exact up to 2^53. */
  uint(): number {
    const [lo, hi] = this.varintParts();
    return hi * TWO_32 + lo;
  }

  /** int64/int32 (two's complement, sign-extended to 64 bits). */
  int(): number {
    const [lo, hi] = this.varintParts();
    if (hi < 0x80000000) return hi * TWO_32 + lo;
    return -((~hi >>> 0) * TWO_32 + (~lo >>> 0) + 1);
  }

  /** sint64/sint32 (zigzag). */
  sint(): number {
    const [lo, hi] = this.varintParts();
    const mag = (hi >>> 1) * TWO_32 + (((lo >>> 1) | ((hi & 1) << 31)) >>> 0);
    return lo & 1 ? -mag - 1 : mag;
  }

  double(): number {
    if (this.limit - this.pos < 8) throw new ProtobufDecodeError("truncated 64-bit value", this.pos);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Reads a length prefix and returns the end of the payload, checked against the limit. */
  lengthEnd(): number {
    const start = this.pos;
    const n = this.uint();
    if (n > this.limit - this.pos) {
      throw new ProtobufDecodeError(`length ${n} exceeds the ${this.limit - this.pos} bytes left`, start);
    }
    return this.pos + n;
  }

  bytes(): Uint8Array {
    const end = this.lengthEnd();
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  /** A string field that must be valid UTF-8 (names, label values). */
  strictString(field: string): string {
    const start = this.pos;
    const end = this.lengthEnd();
    const from = this.pos;
    this.pos = end;
    if (isAscii(this.buf, from, end)) return this.latin1.toString("latin1", from, end);
    try {
      return strictDecoder.decode(this.buf.subarray(from, end));
    } catch (cause) {
      throw new ProtobufDecodeError(`invalid UTF-8 in ${field}`, start, { cause });
    }
  }

  /** A string field Go keeps as raw bytes (HELP); invalid UTF-8 becomes U+FFFD. */
  lenientString(): string {
    return lenientDecoder.decode(this.bytes());
  }

  /** Returns [fieldNumber, wireType]. */
  tag(): [number, number] {
    const start = this.pos;
    const t = this.uint();
    const field = Math.floor(t / 8);
    if (field === 0 || field > 536870911) throw new ProtobufDecodeError(`invalid field number ${field}`, start);
    return [field, t % 8];
  }

  /** Runs fn with the limit narrowed to end, then continues after end. */
  within(end: number, fn: () => void): void {
    const outer = this.limit;
    this.limit = end;
    fn();
    if (this.pos !== end) throw new ProtobufDecodeError("message overruns its length", this.pos);
    this.limit = outer;
  }

  /** Skips one field's value, as Go keeps (and we drop) unknown fields. */
  skip(wireType: number, field: number, depth = 0): void {
    const start = this.pos;
    switch (wireType) {
      case WIRE_VARINT:
        this.varintParts();
        return;
      case WIRE_I64:
        if (this.limit - this.pos < 8) throw new ProtobufDecodeError("truncated 64-bit value", start);
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.lengthEnd();
        return;
      case WIRE_I32:
        if (this.limit - this.pos < 4) throw new ProtobufDecodeError("truncated 32-bit value", start);
        this.pos += 4;
        return;
      case WIRE_SGROUP: {
        if (depth >= MAX_GROUP_DEPTH) throw new ProtobufDecodeError("groups nested too deeply", start);
        for (;;) {
          const [f, wt] = this.tag();
          if (wt === WIRE_EGROUP) {
            if (f !== field) throw new ProtobufDecodeError(`end of group ${f} does not match group ${field}`, start);
            return;
          }
          this.skip(wt, f, depth + 1);
        }
      }
      default:
        throw new ProtobufDecodeError(`unexpected wire type ${wireType} for field ${field}`, start);
    }
  }
}

export class WireWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Unsigned varint of a non-negative integer below 2^64. */
  varint(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n >= 2 ** 64) throw new RangeError(`varint out of range: ${n}`);
    this.ensure(10);
    while (n >= 0x80) {
      this.buf[this.len++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.len++] = n;
  }

  /** int64: negative values take ten bytes of two's complement. */
  int(n: number): void {
    if (n >= 0) {
      this.varint(n);
      return;
    }
    this.bigVarint(BigInt.asUintN(64, BigInt(n)));
  }

  private bigVarint(value: bigint): void {
    let u = value;
    this.ensure(10);
    while (u >= 0x80n) {
      this.buf[this.len++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.len++] = Number(u);
  }

  /** sint64/sint32 (zigzag). */
  sint(n: number): void {
    // Doubling loses precision from 2^52 on; BigInt keeps it exact there.
    if (Math.abs(n) < 2 ** 52) this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
    else {
      const b = BigInt(n);
      this.bigVarint(BigInt.asUintN(64, b >= 0n ? b * 2n : -b * 2n - 1n));
    }
  }

  double(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.len, v, true);
    this.len += 8;
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  string(field: number, s: string): void {
    const bytes = utf8Encoder.encode(s);
    this.tag(field, WIRE_LEN);
    this.varint(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** Starts a length-delimited payload; pass the mark to end(). */
  begin(): number {
    return this.len;
  }

  /** Ends a payload begun at mark by inserting its length in front of it. */
  end(mark: number): void {
    const size = this.len - mark;
    let prefix = 1;
    for (let n = size; n >= 0x80; n = Math.floor(n / 0x80)) prefix++;
    this.ensure(prefix);
    this.buf.copyWithin(mark + prefix, mark, this.len);
    let at = mark;
    let n = size;
    while (n >= 0x80) {
      this.buf[at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[at] = n;
    this.len += prefix;
  }

  /** A whole nested message: tag, length, then what fn writes. */
  message(field: number, fn: () => void): void {
    this.tag(field, WIRE_LEN);
    const mark = this.begin();
    fn();
    this.end(mark);
  }

  finish(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }
}
